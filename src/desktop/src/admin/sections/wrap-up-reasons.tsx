import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type TeamSummary, listTeams, setItemTeams, teamsByItem } from '../api/teams';
import { type AdminWrapUpReason, createWrapUpReason, deleteWrapUpReason, listWrapUpReasons, updateWrapUpReason } from '../api/wrap-up-reasons';
import type { SectionProps } from '../section';
import { CheckField, Field, FieldError, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { assignTeams, teamNames } from '../ui/team-names';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

type Row = AdminWrapUpReason & { teamIds: string[] };

async function load(api: AdminApi): Promise<{ reasons: Row[]; teams: TeamSummary[] }> {
  const [reasons, teams] = await Promise.all([listWrapUpReasons(api), listTeams(api)]);
  const assigned = await teamsByItem(api, teams, 'WrapUpReason');
  return { reasons: reasons.map((r) => ({ ...r, teamIds: assigned.get(r.id) ?? [] })), teams };
}

/** Wrap-up reasons agents pick after a call: create, change, delete, for all teams or the teams chosen. */
export function WrapUpReasonsSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const editor = useEditor<Row>(reload);
  return (
    <section aria-label="Wrap-up reasons">
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New wrap-up reason" />
      {editor.isOpen && loaded.status === 'ready' && (
        <WrapUpReasonForm api={api} teams={loaded.data.teams} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No wrap-up reasons yet." isEmpty={(d) => d.reasons.length === 0}>
        {(d) => (
          <AdminTable label="Wrap-up reasons" columns={['Label', 'Teams', 'Actions']}>
            {d.reasons.map((r) => (
              <tr key={r.id} data-id={r.id}>
                <td>{r.label}</td>
                <td>{r.forAll ? 'All teams' : teamNames(d.teams, r.teamIds)}</td>
                <RowActions
                  what={r.label}
                  onEdit={() => editor.edit(r)}
                  onDelete={() => editor.remove(() => deleteWrapUpReason(api, r.id), r.label, `Wrap-up reason ${r.label} deleted.`)}
                />
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadView>
    </section>
  );
}

interface FormProps extends EditFormProps<Row> {
  teams: TeamSummary[];
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
      <FormButtons busy={busy} submit={initial ? 'Save wrap-up reason' : 'Create wrap-up reason'} onCancel={onCancel} />
    </form>
  );
}
