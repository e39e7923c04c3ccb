import { useState } from 'preact/hooks';
import { errorText } from '../../session/messages';
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
import { DeleteButton, Field, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { assignTeams, teamNames } from '../ui/team-names';
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
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    reload();
  };
  const remove = (l: Row) =>
    deleteMediaLayout(api, l.id).then(
      () => done(`Layout ${l.name} deleted.`),
      (error: unknown) => setStatus(`Deleting ${l.name} failed: ${errorText(error)}`),
    );
  return (
    <section aria-label="Call-variable layouts">
      <h2>Call-variable layouts</h2>
      <p class="muted">What the desktop shows of a call. Teams without a layout of their own get DEFAULT.</p>
      <StatusLine text={status} />
      {editing === null && (
        <button
          type="button"
          class="primary"
          onClick={() => {
            setStatus('');
            setEditing('new');
          }}
        >
          New call-variable layout
        </button>
      )}
      {editing !== null && loaded.status === 'ready' && (
        <MediaLayoutForm api={api} teams={loaded.data.teams} initial={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />
      )}
      <LoadView loaded={loaded} empty="No layouts." isEmpty={(d) => d.layouts.length === 0}>
        {(d) => (
          <table class="admin-table" aria-label="Call-variable layouts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Header</th>
                <th scope="col">Columns</th>
                <th scope="col">Teams</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.layouts.map((l) => (
                <tr key={l.id} data-id={l.id}>
                  <td>
                    {l.name}
                    {l.type === 'DEFAULT' ? ' (DEFAULT)' : ''}
                  </td>
                  <td>{l.header.displayName || l.header.mediaProperty}</td>
                  <td>{l.columns.map((c) => c.map((e) => e.displayName || e.mediaProperty).join(', ')).join(' | ')}</td>
                  <td>{l.type === 'DEFAULT' ? 'Teams without their own' : teamNames(d.teams, l.teamIds)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary" aria-label={`Edit layout ${l.name}`} onClick={() => setEditing(l)}>
                      Edit
                    </button>
                    {l.type !== 'DEFAULT' && <DeleteButton what={`layout ${l.name}`} onDelete={() => remove(l)} />}
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
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={busy}>
          {initial ? 'Save layout' : 'Create layout'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The teams that gain the layout get it; those that lose it get DEFAULT again. */
async function assignLayout(api: AdminApi, id: string, current: readonly string[], wanted: readonly string[]): Promise<void> {
  for (const team of wanted.filter((t) => !current.includes(t))) await setTeamLayout(api, team, id);
  for (const team of current.filter((t) => !wanted.includes(t))) await setTeamLayout(api, team, DEFAULT_LAYOUT_ID);
}
