import { useEffect, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { listPhoneBooks } from '../api/phone-books';
import { listReasonCodes } from '../api/reason-codes';
import { type AssignmentKind, type TeamSummary, assign, assignedIds, listTeams } from '../api/teams';
import { listWorkflows } from '../api/workflows';
import { listWrapUpReasons } from '../api/wrap-up-reasons';
import type { SectionProps } from '../section';
import { CheckField, FormError, LoadView, StatusLine } from '../ui/form';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

interface Choice {
  id: string;
  label: string;
}

const KINDS: { kind: AssignmentKind; legend: string }[] = [
  { kind: 'NOT_READY', legend: 'Not Ready reason codes' },
  { kind: 'LOGOUT', legend: 'Sign out reason codes' },
  { kind: 'WrapUpReason', legend: 'Wrap-up reasons' },
  { kind: 'PhoneBook', legend: 'Phone books' },
  { kind: 'Workflow', legend: 'Workflows' },
];

type Choices = Record<AssignmentKind, Choice[]>;

/** The team items that can be assigned: global ones (forAll, GLOBAL) apply to every team anyway. */
async function loadChoices(api: AdminApi): Promise<{ teams: TeamSummary[]; choices: Choices }> {
  const [teams, codes, reasons, books, workflows] = await Promise.all([
    listTeams(api),
    listReasonCodes(api),
    listWrapUpReasons(api),
    listPhoneBooks(api),
    listWorkflows(api),
  ]);
  const teamCodes = (category: string) =>
    codes.filter((rc) => rc.category === category && !rc.forAll && !rc.systemCode).map((rc) => ({ id: rc.id, label: `${rc.label} (${rc.code})` }));
  return {
    teams,
    choices: {
      NOT_READY: teamCodes('NOT_READY'),
      LOGOUT: teamCodes('LOGOUT'),
      WrapUpReason: reasons.filter((r) => !r.forAll).map((r) => ({ id: r.id, label: r.label })),
      PhoneBook: books.filter((b) => b.type === 'TEAM').map((b) => ({ id: b.id, label: b.name })),
      Workflow: workflows.map((w) => ({ id: w.id, label: w.name })),
    },
  };
}

async function loadAssigned(api: AdminApi, team: string): Promise<Record<AssignmentKind, string[]>> {
  const [nr, lo, wu, pb, wf] = await Promise.all(KINDS.map((k) => assignedIds(api, team, k.kind)));
  return { NOT_READY: nr!, LOGOUT: lo!, WrapUpReason: wu!, PhoneBook: pb!, Workflow: wf! };
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

/** One team at a time: which team reason codes, wrap-up reasons, phone books and workflows it has. */
export function TeamAssignmentsSection({ api }: SectionProps) {
  const [loaded] = useLoad(() => loadChoices(api), [api]);
  const [team, setTeam] = useState('');
  useEffect(() => {
    if (loaded.status === 'ready' && team === '' && loaded.data.teams[0]) setTeam(loaded.data.teams[0].id);
  }, [loaded, team]);
  return (
    <section aria-label="Team assignments">
      <p class="muted">Items for all teams (and global phone books) are not listed: every team has them. Workflows are only ever per team.</p>
      <LoadView loaded={loaded} empty="There are no teams." isEmpty={(d) => d.teams.length === 0}>
        {(d) => (
          <>
            <div class="admin-field">
              <label for="ta-team">Team</label>
              <select id="ta-team" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
                {d.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            {team && <TeamAssignmentForm key={team} api={api} team={team} choices={d.choices} />}
          </>
        )}
      </LoadView>
    </section>
  );
}

function TeamAssignmentForm({ api, team, choices }: { api: AdminApi; team: string; choices: Choices }) {
  const [loaded, reload] = useLoad(() => loadAssigned(api, team), [api, team]);
  const [picked, setPicked] = useState<Record<AssignmentKind, string[]> | null>(null);
  const [status, setStatus] = useState('');
  const current = picked ?? (loaded.status === 'ready' ? loaded.data : null);
  const save = async () => {
    if (!current || loaded.status !== 'ready') return;
    // Only the lists that changed are written (each write is a change in the audit log).
    const changed = KINDS.filter(({ kind }) => !sameIds(current[kind], loaded.data[kind]));
    for (const { kind } of changed) await assign(api, team, kind, current[kind]);
    await reload();
    setPicked(null);
    setStatus('Team assignments saved.');
  };
  const { busy, errors, submit } = useSubmit(save, () => ({}));
  const toggle = (kind: AssignmentKind, id: string, on: boolean) => {
    if (!current) return;
    setStatus('');
    setPicked({ ...current, [kind]: on ? [...current[kind], id] : current[kind].filter((x) => x !== id) });
  };
  return (
    <LoadView loaded={loaded} empty="" isEmpty={() => false}>
      {() => (
        <form class="admin-form" aria-label="Team assignments of the team" onSubmit={submit} noValidate>
          {KINDS.map(({ kind, legend }) => (
            <fieldset key={kind} class="team-picker">
              <legend>{legend}</legend>
              {choices[kind].length === 0 && <p class="muted">None to assign.</p>}
              {choices[kind].map((c) => (
                <CheckField
                  key={c.id}
                  id={`ta-${kind}-${c.id}`}
                  label={c.label}
                  checked={current?.[kind].includes(c.id) ?? false}
                  onChange={(on) => toggle(kind, c.id, on)}
                />
              ))}
            </fieldset>
          ))}
          <FormError error={[errors.form, ...Object.values(errors)].filter(Boolean)[0]} />
          <StatusLine text={status} />
          <button type="submit" class="primary" disabled={busy}>
            Save assignments
          </button>
        </form>
      )}
    </LoadView>
  );
}
