import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type TeamSummary, listTeams, setItemTeams, teamsByItem } from '../api/teams';
import { type AdminWrapUpReason, createWrapUpReason, deleteWrapUpReason, listWrapUpReasons, updateWrapUpReason } from '../api/wrap-up-reasons';
import type { SectionProps } from '../section';
import { CheckField, DeleteButton, Field, FieldError, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { assignTeams, teamNames } from '../ui/team-names';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { errorText } from '../../session/messages';

type Row = AdminWrapUpReason & { teamIds: string[] };

async function load(api: AdminApi): Promise<{ reasons: Row[]; teams: TeamSummary[] }> {
  const [reasons, teams] = await Promise.all([listWrapUpReasons(api), listTeams(api)]);
  const assigned = await teamsByItem(api, teams, 'WrapUpReason');
  return { reasons: reasons.map((r) => ({ ...r, teamIds: assigned.get(r.id) ?? [] })), teams };
}

/** Wrap-up reasons agents pick after a call: create, change, delete, for all teams or the teams chosen. */
export function WrapUpReasonsSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const edit = (item: Row | 'new') => {
    setStatus('');
    setEditing(item);
  };
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    reload();
  };
  const remove = (r: Row) =>
    deleteWrapUpReason(api, r.id).then(
      () => done(`Wrap-up reason ${r.label} deleted.`),
      (error: unknown) => setStatus(`Deleting ${r.label} failed: ${errorText(error)}`),
    );
  return (
    <section aria-label="Wrap-up reasons">
      <StatusLine text={status} />
      {editing === null && (
        <button type="button" class="primary" onClick={() => edit('new')}>
          New wrap-up reason
        </button>
      )}
      {editing !== null && loaded.status === 'ready' && (
        <WrapUpReasonForm api={api} teams={loaded.data.teams} initial={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />
      )}
      <LoadView loaded={loaded} empty="No wrap-up reasons yet." isEmpty={(d) => d.reasons.length === 0}>
        {(d) => (
          <table class="admin-table" aria-label="Wrap-up reasons">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Teams</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.reasons.map((r) => (
                <tr key={r.id} data-id={r.id}>
                  <td>{r.label}</td>
                  <td>{r.forAll ? 'All teams' : teamNames(d.teams, r.teamIds)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary" aria-label={`Edit ${r.label}`} onClick={() => edit(r)}>
                      Edit
                    </button>
                    <DeleteButton what={r.label} onDelete={() => remove(r)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadView>
    </section>
  );
}

interface FormProps {
  api: AdminApi;
  teams: TeamSummary[];
  initial: Row | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}

function WrapUpReasonForm({ api, teams, initial, onDone, onCancel }: FormProps) {
  const [label, setLabel] = useState(initial?.label ?? '');
  const [forAll, setForAll] = useState(initial?.forAll ?? true);
  const [teamIds, setTeamIds] = useState(initial?.teamIds ?? []);
  const save = async () => {
    let id = initial?.id ?? '';
    if (initial) await updateWrapUpReason(api, initial.id, { label, forAll });
    else id = await createWrapUpReason(api, { label, forAll });
    if (!forAll) await assignTeams(() => setItemTeams(api, 'WrapUpReason', id, initial && !initial.forAll ? initial.teamIds : [], teamIds));
    onDone(`Wrap-up reason ${label} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    label: { value: label, words: ['label'] },
    forAll: { value: String(forAll), words: ['forAll'] },
  }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit wrap-up reason ${initial.label}` : 'New wrap-up reason'} onSubmit={submit} noValidate>
      <Field id="wu-label" label="Label" value={label} error={errors.label} onInput={setLabel} />
      <CheckField id="wu-for-all" label="For all teams" checked={forAll} onChange={setForAll} />
      <FieldError id="wu-for-all" error={errors.forAll} />
      {!forAll && <TeamPicker id="wu-team" legend="Teams" teams={teams} selected={teamIds} onChange={setTeamIds} />}
      <FormError error={errors.form} />
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={busy}>
          {initial ? 'Save wrap-up reason' : 'Create wrap-up reason'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
