import { useMemo, useState } from 'preact/hooks';
import type { FinesseRest } from '../finesse/rest';
import type { User } from '../finesse/model';
import { AdminApi } from './api/admin-api';
import { ADMIN_SECTIONS } from './sections';
import './admin.css';

interface ConsoleProps {
  rest: FinesseRest;
  user: User;
  onSignOut: () => void;
  /** For an administrator who is also an agent: back to the agent desktop. */
  onClose?: (() => void) | undefined;
}

/**
 * The admin console: one page per configuration area (ADMIN_SECTIONS), each talking to the server only
 * through the public configuration APIs with the administrator's credentials. Nothing reloads the page.
 */
export function AdminConsole({ rest, user, onSignOut, onClose }: ConsoleProps) {
  const api = useMemo(() => new AdminApi(rest), [rest]);
  const [current, setCurrent] = useState(ADMIN_SECTIONS[0]!.id);
  const section = ADMIN_SECTIONS.find((s) => s.id === current) ?? ADMIN_SECTIONS[0]!;
  const Section = section.Component;
  return (
    <div class="desktop admin-console">
      <header class="topbar">
        <div class="brand-line">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width="24" height="24" />
          <span>openfinesse administration</span>
        </div>
        <div class="who">
          <strong data-testid="user-name">
            {user.firstName} {user.lastName}
          </strong>
          <span class="muted"> · {user.loginId} · Administrator</span>
        </div>
        {onClose && (
          <button type="button" class="secondary" onClick={onClose}>
            Back to the desktop
          </button>
        )}
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div class="admin-layout">
        <nav class="admin-nav card" aria-label="Administration">
          <ul>
            {ADMIN_SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" class="link" aria-current={s.id === section.id ? 'page' : undefined} onClick={() => setCurrent(s.id)}>
                  {s.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main class="admin-main card" aria-labelledby="admin-section-title">
          <h1 id="admin-section-title">{section.title}</h1>
          <Section key={section.id} api={api} />
        </main>
      </div>
    </div>
  );
}
