import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type AdminTeam, type TeamFields, WRAP_UP_MODES, type WrapUpMode, createTeam, deleteTeam, listAdminTeams, updateTeam } from '../api/team-admin';
import type { TeamSummary } from '../api/teams';
import { type AdminUser, listUsers } from '../api/users';
import type { SectionProps } from '../section';
import { Field, FieldError, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

async function load(api: AdminApi): Promise<{ teams: AdminTeam[]; people: TeamSummary[] }> {
  const [teams, users] = await Promise.all([listAdminTeams(api), listUsers(api)]);
  return { teams, people: users.map(person) };
}

/** A user as a choice of the member and supervisor pickers. */
const person = (u: AdminUser): TeamSummary => ({ id: u.loginId, name: `${`${u.firstName} ${u.lastName}`.trim()} (${u.loginId})` });

const MODE_LABEL: Record<WrapUpMode, string> = {
  REQUIRED: 'Required',
  REQUIRED_WITH_WRAP_UP_DATA: 'Required with wrap-up data',
  OPTIONAL: 'Optional',
  NOT_ALLOWED: 'Not allowed',
};

/** Teams (our provisioning API): create, rename, wrap-up settings, members and supervisors, delete. */
export function TeamsSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const editor = useEditor<AdminTeam>(reload);
  return (
    <section aria-label="Teams">
      <p class="muted">A team cannot be deleted while anyone belongs to it or supervises it, or a queue routes to it.</p>
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New team" />
      {editor.isOpen && loaded.status === 'ready' && (
        <TeamForm api={api} people={loaded.data.people} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No teams yet." isEmpty={(d) => d.teams.length === 0}>
        {(d) => (
          <AdminTable label="Teams" columns={['ID', 'Name', 'Wrap-up (incoming / outgoing, timer)', 'Members', 'Supervisors', 'Actions']}>
            {d.teams.map((t) => (
              <tr key={t.id} data-id={t.id}>
                <td>{t.id}</td>
                <td>{t.name}</td>
                <td>
                  {MODE_LABEL[t.wrapUpOnIncoming] ?? t.wrapUpOnIncoming} / {MODE_LABEL[t.wrapUpOnOutgoing] ?? t.wrapUpOnOutgoing}, {t.wrapUpTimerSeconds} s
                </td>
                <td>{t.members.join(', ')}</td>
                <td>{t.supervisors.join(', ')}</td>
                <RowActions
                  what={t.name}
                  onEdit={() => editor.edit(t)}
                  onDelete={() => editor.remove(() => deleteTeam(api, t.id), t.name, `Team ${t.name} deleted.`)}
                />
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadView>
    </section>
  );
}

interface FormProps extends EditFormProps<AdminTeam> {
  people: TeamSummary[];
}

function TeamForm({ api, people, initial, onDone, onCancel }: FormProps) {
  const [id, setId] = useState('');
  const [name, setName] = useState(initial?.name ?? '');
  const [incoming, setIncoming] = useState<WrapUpMode>(initial?.wrapUpOnIncoming ?? 'OPTIONAL');
  const [outgoing, setOutgoing] = useState<WrapUpMode>(initial?.wrapUpOnOutgoing ?? 'NOT_ALLOWED');
  const [timer, setTimer] = useState(String(initial?.wrapUpTimerSeconds ?? 0));
  const [members, setMembers] = useState(initial?.members ?? []);
  const [supervisors, setSupervisors] = useState(initial?.supervisors ?? []);
  const save = async () => {
    // The timer goes as typed when it is no number, for the server to name it.
    const seconds = timer.trim() !== '' && Number.isFinite(Number(timer)) ? Number(timer) : timer;
    const fields = { name, wrapUpOnIncoming: incoming, wrapUpOnOutgoing: outgoing, wrapUpTimerSeconds: seconds, members, supervisors } as TeamFields;
    if (initial) await updateTeam(api, initial.id, fields);
    else await createTeam(api, id.trim(), fields);
    onDone(`Team ${name} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    id: { value: id, words: ['id'] },
    name: { value: name, words: ['name'] },
    wrapUpOnIncoming: { value: incoming, words: ['wrapUpOnIncoming'] },
    wrapUpOnOutgoing: { value: outgoing, words: ['wrapUpOnOutgoing'] },
    wrapUpTimerSeconds: { value: timer, words: ['wrapUpTimerSeconds', 'timer'] },
    members: { value: members.join(','), words: ['members', 'member'] },
    supervisors: { value: supervisors.join(','), words: ['supervisors', 'supervisor'] },
  }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit team ${initial.name}` : 'New team'} onSubmit={submit} noValidate>
      {!initial && <Field id="team-id" label="Team ID (empty: the next free number)" value={id} error={errors.id} onInput={setId} />}
      <Field id="team-name" label="Name" value={name} error={errors.name} onInput={setName} />
      <ModeField id="team-wrap-up-incoming" label="Wrap-up on incoming calls" value={incoming} error={errors.wrapUpOnIncoming} onChange={setIncoming} />
      <ModeField id="team-wrap-up-outgoing" label="Wrap-up on outgoing calls" value={outgoing} error={errors.wrapUpOnOutgoing} onChange={setOutgoing} />
      <Field
        id="team-wrap-up-timer"
        label="Wrap-up timer (seconds, 0: none)"
        value={timer}
        inputMode="numeric"
        error={errors.wrapUpTimerSeconds}
        onInput={setTimer}
      />
      <TeamPicker id="team-members" legend="Members" teams={people} selected={members} onChange={setMembers} error={errors.members} />
      <TeamPicker id="team-supervisors" legend="Supervisors" teams={people} selected={supervisors} onChange={setSupervisors} error={errors.supervisors} />
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save team' : 'Create team'} onCancel={onCancel} />
    </form>
  );
}

function ModeField({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: WrapUpMode;
  error?: string | undefined;
  onChange: (m: WrapUpMode) => void;
}) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      <select id={id} value={value} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.currentTarget.value as WrapUpMode)}>
        {WRAP_UP_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABEL[m]}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
