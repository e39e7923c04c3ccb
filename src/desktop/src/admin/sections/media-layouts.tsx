import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import {
  type AdminMediaLayout,
  DEFAULT_LAYOUT_ID,
  createMediaLayout,
  deleteMediaLayout,
  emptyEntry,
  listMediaLayouts,
  setTeamLayout,
  teamLayouts,
  updateMediaLayout,
} from '../api/layouts';
import { type TeamSummary, listTeams } from '../api/teams';
import { Field, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { assignTeams, teamNames } from '../ui/team-names';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { HeaderEntry, LayoutColumns, entryKey } from './layout-entries';

type Row = AdminMediaLayout & { teamIds: string[] };

async function load(api: AdminApi): Promise<{ layouts: Row[]; teams: TeamSummary[] }> {
  const [layouts, teams] = await Promise.all([listMediaLayouts(api), listTeams(api)]);
  const byTeam = await teamLayouts(api, teams);
  const teamsOf = (id: string) => teams.filter((t) => byTeam.get(t.id) === id).map((t) => t.id);
  return { layouts: layouts.map((l) => ({ ...l, teamIds: teamsOf(l.id) })), teams };
}

/** Call-variable layouts: DEFAULT (editable, never deleted) and the CUSTOM ones with the teams that use them. */
export function MediaLayouts({ api }: { api: AdminApi }) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const editor = useEditor<Row>(reload);
  return (
    <section aria-label="Call-variable layouts">
      <h2>Call-variable layouts</h2>
      <p class="muted">What the desktop shows of a call. Teams without a layout of their own get DEFAULT.</p>
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New call-variable layout" />
      {editor.isOpen && loaded.status === 'ready' && (
        <MediaLayoutForm api={api} teams={loaded.data.teams} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No layouts." isEmpty={(d) => d.layouts.length === 0}>
        {(d) => (
          <AdminTable label="Call-variable layouts" columns={['Name', 'Header', 'Columns', 'Teams', 'Actions']}>
            {d.layouts.map((l) => (
              <tr key={l.id} data-id={l.id}>
                <td>
                  {l.name}
                  {l.type === 'DEFAULT' ? ' (DEFAULT)' : ''}
                </td>
                <td>{l.header.displayName || l.header.mediaProperty}</td>
                <td>{l.columns.map((c) => c.map((e) => e.displayName || e.mediaProperty).join(', ')).join(' | ')}</td>
                <td>{l.type === 'DEFAULT' ? 'Teams without their own' : teamNames(d.teams, l.teamIds)}</td>
                <RowActions
                  what={`layout ${l.name}`}
                  onEdit={() => editor.edit(l)}
                  onDelete={l.type === 'DEFAULT' ? undefined : () => editor.remove(() => deleteMediaLayout(api, l.id), l.name, `Layout ${l.name} deleted.`)}
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

function MediaLayoutForm({ api, teams, initial, onDone, onCancel }: FormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [header, setHeader] = useState(initial?.header ?? emptyEntry());
  const [columns, setColumns] = useState(initial?.columns ?? [[emptyEntry()]]);
  const [teamIds, setTeamIds] = useState(initial?.teamIds ?? []);
  const isDefault = initial?.type === 'DEFAULT';
  const save = async () => {
    const fields = { name, description, header, columns };
    let id = initial?.id ?? '';
    if (initial) await updateMediaLayout(api, initial.id, fields);
    else id = await createMediaLayout(api, fields);
    if (!isDefault) await assignTeams(() => assignLayout(api, id, initial?.teamIds ?? [], teamIds));
    onDone(`Layout ${name} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    name: { value: name, words: ['name'] },
    description: { value: description, words: ['description'] },
    header: { value: header.mediaProperty, words: ['header'] },
    columns: { value: '', words: ['column', 'columns', 'entry', 'mediaProperty', 'displayName'] },
    // A refused property is named by its value: the entry that has it.
    ...Object.fromEntries(columns.flatMap((column, c) => column.map((e, i) => [entryKey(c, i), { value: e.mediaProperty, words: [] }]))),
  }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit layout ${initial.name}` : 'New call-variable layout'} onSubmit={submit} noValidate>
      <Field id="mpl-name" label="Layout name" value={name} error={errors.name} onInput={setName} />
      <Field id="mpl-description" label="Layout description" value={description} error={errors.description} onInput={setDescription} />
      <HeaderEntry entry={header} error={errors.header} onChange={setHeader} />
      <LayoutColumns columns={columns} errors={errors} onChange={setColumns} />
      {!isDefault && <TeamPicker id="mpl-team" legend="Teams using this layout" teams={teams} selected={teamIds} onChange={setTeamIds} />}
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save layout' : 'Create layout'} onCancel={onCancel} />
    </form>
  );
}

/** The teams that gain the layout get it; those that lose it get DEFAULT again. */
async function assignLayout(api: AdminApi, id: string, current: readonly string[], wanted: readonly string[]): Promise<void> {
  for (const team of wanted.filter((t) => !current.includes(t))) await setTeamLayout(api, team, id);
  for (const team of current.filter((t) => !wanted.includes(t))) await setTeamLayout(api, team, DEFAULT_LAYOUT_ID);
}
