import type { DesktopSession, Notice } from '../session';

export function Notices({ session, notices }: { session: DesktopSession; notices: Notice[] }) {
  return (
    <div class="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} class={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" class="link" aria-label="Dismiss message" onClick={() => session.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
