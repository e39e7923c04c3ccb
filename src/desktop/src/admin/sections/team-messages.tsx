import { useState } from 'preact/hooks';
import type { TeamMessage } from '../../finesse/model';
import type { AdminApi } from '../api/admin-api';
import { deleteTeamMessage, listTeamMessages, sendTeamMessage } from '../api/team-messages';
import { type TeamSummary, listTeams } from '../api/teams';
import type { SectionProps } from '../section';
import { DeleteButton, FieldError, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

const DURATIONS: [number, string][] = [
  [300, '5 minutes'],
  [900, '15 minutes'],
  [3600, '1 hour'],
  [14400, '4 hours'],
  [86400, '1 day'],
];

async function load(api: AdminApi): Promise<{ teams: TeamSummary[]; messages: TeamMessage[] }> {
  const teams = await listTeams(api);
  const lists = await Promise.all(teams.map((t) => listTeamMessages(api, t.id)));
  // A message to several teams is listed by each: once here.
  const messages = [...new Map(lists.flat().map((m) => [m.id, m])).values()].sort((a, b) => a.createdAt - b.createdAt);
  return { teams, messages };
}

/** Messages shown on the desktops of the teams chosen, for a while; the active ones, which can be taken back. */
export function TeamMessagesSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  // A message is sent or taken back, never edited: the form stays open, only the status and reload are used.
  const editor = useEditor<never>(reload);
  const remove = (m: TeamMessage) => editor.remove(() => deleteTeamMessage(api, m.id), 'the message', 'Team message deleted.');
  const teamName = (teams: TeamSummary[], id: string) => teams.find((t) => t.id === id)?.name ?? id;
  return (
    <section aria-label="Team messages">
      <StatusLine text={editor.status} />
      {loaded.status === 'ready' && <TeamMessageForm api={api} teams={loaded.data.teams} onSent={() => editor.done('Team message sent.')} />}
      <h2>Active messages</h2>
      <LoadView loaded={loaded} empty="No active team messages." isEmpty={(d) => d.messages.length === 0}>
        {(d) => (
          <ul class="admin-messages" aria-label="Active team messages">
            {d.messages.map((m) => (
              <li key={m.id} data-id={m.id}>
                <span class="team-message-text">{m.content}</span>
                <span class="muted">
                  {' '}
                  · {m.teams.map((t) => teamName(d.teams, t)).join(', ')} · until {new Date(m.createdAt + m.duration * 1000).toLocaleTimeString()}
                </span>{' '}
                <DeleteButton what={`message ${m.content}`} onDelete={() => remove(m)} />
              </li>
            ))}
          </ul>
        )}
      </LoadView>
    </section>
  );
}

function TeamMessageForm({ api, teams, onSent }: { api: AdminApi; teams: TeamSummary[]; onSent: () => void }) {
  const [content, setContent] = useState('');
  const [duration, setDuration] = useState(DURATIONS[0]![0]);
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const save = async () => {
    await sendTeamMessage(api, content, duration, teamIds);
    setContent('');
    onSent();
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    content: { value: content, words: ['content', 'message'] },
    duration: { value: String(duration), words: ['duration'] },
    teams: { value: teamIds.join(','), words: ['teams', 'team'] },
  }));
  return (
    <form class="admin-form" aria-label="New team message" onSubmit={submit} noValidate>
      <div class="admin-field">
        <label for="tm-content">Message</label>
        <textarea
          id="tm-content"
          rows={2}
          value={content}
          aria-invalid={errors.content ? 'true' : undefined}
          aria-describedby={errors.content ? 'tm-content-error' : undefined}
          onInput={(e) => setContent(e.currentTarget.value)}
        />
        <FieldError id="tm-content" error={errors.content} />
      </div>
      <div class="admin-field">
        <label for="tm-duration">Show for</label>
        <select id="tm-duration" value={String(duration)} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
          {DURATIONS.map(([seconds, label]) => (
            <option key={seconds} value={String(seconds)}>
              {label}
            </option>
          ))}
        </select>
        <FieldError id="tm-duration" error={errors.duration} />
      </div>
      <TeamPicker id="tm-team" legend="To the teams" teams={teams} selected={teamIds} onChange={setTeamIds} error={errors.teams} />
      <FormError error={errors.form} />
      <button type="submit" class="primary" disabled={busy}>
        Send message
      </button>
    </form>
  );
}
