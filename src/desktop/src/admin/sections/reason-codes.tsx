import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type AdminReasonCode, type ReasonCategory, createReasonCode, deleteReasonCode, listReasonCodes, updateReasonCode } from '../api/reason-codes';
import { type TeamSummary, listTeams, setItemTeams, teamsByItem } from '../api/teams';
import type { SectionProps } from '../section';
import { CheckField, Field, FieldError, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { assignTeams, teamNames } from '../ui/team-names';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

type Row = AdminReasonCode & { teamIds: string[] };

const CATEGORY_LABEL: Record<ReasonCategory, string> = { NOT_READY: 'Not Ready', LOGOUT: 'Sign out' };

async function load(api: AdminApi): Promise<{ codes: Row[]; teams: TeamSummary[] }> {
  const [codes, teams] = await Promise.all([listReasonCodes(api), listTeams(api)]);
  const [notReady, logout] = await Promise.all([teamsByItem(api, teams, 'NOT_READY'), teamsByItem(api, teams, 'LOGOUT')]);
  const assigned = (rc: AdminReasonCode) => (rc.category === 'NOT_READY' ? notReady : logout).get(rc.id) ?? [];
  return { codes: codes.map((rc) => ({ ...rc, teamIds: assigned(rc) })), teams };
}

/** Reason codes of both categories: create, change, delete, for all teams or for the teams chosen. */
export function ReasonCodesSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const editor = useEditor<Row>(reload);
  return (
    <section aria-label="Reason codes">
      <p class="muted">Not Ready and Sign out reasons agents choose from. System codes are the platform's and cannot be changed.</p>
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New reason code" />
      {editor.isOpen && loaded.status === 'ready' && (
        <ReasonCodeForm api={api} teams={loaded.data.teams} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No reason codes yet." isEmpty={(d) => d.codes.length === 0}>
        {(d) => (
          <AdminTable label="Reason codes" columns={['Category', 'Code', 'Label', 'Teams', 'Actions']}>
            {d.codes.map((rc) => (
              <tr key={rc.id} data-id={rc.id}>
                <td>{CATEGORY_LABEL[rc.category] ?? rc.category}</td>
                <td>{rc.code}</td>
                <td>{rc.label}</td>
                <td>{rc.systemCode ? 'System' : rc.forAll ? 'All teams' : teamNames(d.teams, rc.teamIds)}</td>
                {rc.systemCode ? (
                  <td class="row-actions" />
                ) : (
                  <RowActions
                    what={rc.label}
                    onEdit={() => editor.edit(rc)}
                    onDelete={() => editor.remove(() => deleteReasonCode(api, rc.id), rc.label, `Reason code ${rc.label} deleted.`)}
                  />
                )}
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

function ReasonCodeForm({ api, teams, initial, onDone, onCancel }: FormProps) {
  const [category, setCategory] = useState<ReasonCategory>(initial?.category ?? 'NOT_READY');
  const [code, setCode] = useState(initial?.code ?? '');
  const [label, setLabel] = useState(initial?.label ?? '');
  const [forAll, setForAll] = useState(initial?.forAll ?? true);
  const [teamIds, setTeamIds] = useState(initial?.teamIds ?? []);
  const save = async () => {
    let id = initial?.id ?? '';
    if (initial) await updateReasonCode(api, initial.id, { code, label, forAll });
    else id = await createReasonCode(api, { category, code, label, forAll });
    // Made global, a code loses its team assignments on the server; team-only, it gets the teams ticked.
    if (!forAll) await assignTeams(() => setItemTeams(api, category, id, initial && !initial.forAll ? initial.teamIds : [], teamIds));
    onDone(`Reason code ${label} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    category: { value: category, words: ['category'] },
    code: { value: code, words: ['code', 'value'] },
    label: { value: label, words: ['label'] },
    forAll: { value: String(forAll), words: ['forAll'] },
  }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit reason code ${initial.label}` : 'New reason code'} onSubmit={submit} noValidate>
      <div class="admin-field">
        <label for="rc-category">Category</label>
        <select id="rc-category" value={category} disabled={!!initial} onChange={(e) => setCategory(e.currentTarget.value as ReasonCategory)}>
          <option value="NOT_READY">Not Ready</option>
          <option value="LOGOUT">Sign out</option>
        </select>
        <FieldError id="rc-category" error={errors.category} />
      </div>
      <Field id="rc-code" label="Code" value={code} inputMode="numeric" error={errors.code} onInput={setCode} />
      <Field id="rc-label" label="Label" value={label} error={errors.label} onInput={setLabel} />
      <CheckField id="rc-for-all" label="For all teams" checked={forAll} onChange={setForAll} />
      <FieldError id="rc-for-all" error={errors.forAll} />
      {!forAll && <TeamPicker id="rc-team" legend="Teams" teams={teams} selected={teamIds} onChange={setTeamIds} />}
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save reason code' : 'Create reason code'} onCancel={onCancel} />
    </form>
  );
}
