import { useState } from 'preact/hooks';
import type { TeamMessage } from '../finesse/model';
import { isSupervisor, type DesktopSession, type DesktopState } from '../session';

const DURATIONS: [number, string][] = [
  [300, '5 minutes'],
  [900, '15 minutes'],
  [1800, '30 minutes'],
  [3600, '1 hour'],
  [14_400, '4 hours'],
  [86_400, '1 day'],
];
const MAX_CHARACTERS = 255;

/** The team's current messages, as a banner above the desktop; each leaves when it expires or is deleted. */
export function TeamMessages({ messages }: { messages: TeamMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <section class="team-messages" aria-label="Team messages" data-testid="team-messages" aria-live="polite">
      {messages.map((m) => (
        <div key={m.id} class="team-message" data-testid="team-message" data-id={m.id}>
          <span class="team-message-text">{m.content}</span>
          <span class="muted"> — {m.createdBy}</span>
        </div>
      ))}
    </section>
  );
}

/** A supervisor's form: the text (≤ 255 characters), how long it shows, and which of his teams get it. */
export function TeamMessageForm({ session, state }: { session: DesktopSession; state: DesktopState }) {
  const user = state.user;
  const [content, setContent] = useState('');
  const [duration, setDuration] = useState(DURATIONS[0]![0]);
  const [teams, setTeams] = useState<string[]>(() => user?.teams.map((t) => t.id) ?? []);
  const [sending, setSending] = useState(false);
  if (!isSupervisor(user)) return null;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!content.trim() || teams.length === 0) return;
    setSending(true);
    try {
      await session.sendTeamMessage(content.trim(), duration, teams);
      setContent('');
    } catch {
      // Reported as a notice by the session.
    } finally {
      setSending(false);
    }
  };
  const toggle = (id: string, on: boolean) => setTeams((ts) => (on ? [...new Set([...ts, id])] : ts.filter((t) => t !== id)));
  return (
    <section class="card card-team-message" aria-labelledby="team-message-title">
      <h2 id="team-message-title">Message my teams</h2>
      <form class="team-message-form" onSubmit={(e) => void submit(e)}>
        <label for="team-message-content">Message</label>
        <textarea id="team-message-content" maxLength={MAX_CHARACTERS} rows={3} value={content} onInput={(e) => setContent(e.currentTarget.value)} />
        <span class="muted">
          {content.length} / {MAX_CHARACTERS}
        </span>
        <label for="team-message-duration">Show for</label>
        <select id="team-message-duration" value={String(duration)} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
          {DURATIONS.map(([seconds, label]) => (
            <option key={seconds} value={String(seconds)}>
              {label}
            </option>
          ))}
        </select>
        {user!.teams.map((t) => (
          <label key={t.id} class="check">
            <input type="checkbox" checked={teams.includes(t.id)} onChange={(e) => toggle(t.id, e.currentTarget.checked)} /> {t.name}
          </label>
        ))}
        <button type="submit" class="primary" disabled={sending || !content.trim() || teams.length === 0}>
          Send message
        </button>
      </form>
    </section>
  );
}
