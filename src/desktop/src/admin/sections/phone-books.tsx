import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type AdminPhoneBook, type PhoneBookType, createPhoneBook, deletePhoneBook, listPhoneBooks, updatePhoneBook } from '../api/phone-books';
import { type TeamSummary, listTeams, setItemTeams, teamsByItem } from '../api/teams';
import type { SectionProps } from '../section';
import { DeleteButton, Field, FieldError, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { assignTeams, teamNames } from '../ui/team-names';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { errorText } from '../../session/messages';
import { ContactsPanel } from './contacts';

type Row = AdminPhoneBook & { teamIds: string[] };

async function load(api: AdminApi): Promise<{ books: Row[]; teams: TeamSummary[] }> {
  const [books, teams] = await Promise.all([listPhoneBooks(api), listTeams(api)]);
  const assigned = await teamsByItem(api, teams, 'PhoneBook');
  return { books: books.map((b) => ({ ...b, teamIds: assigned.get(b.id) ?? [] })), teams };
}

/** Phone books (GLOBAL for everyone, TEAM for the teams chosen) and, for the book opened, its contacts. */
export function PhoneBooksSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [open, setOpen] = useState<AdminPhoneBook | null>(null);
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
  const remove = (b: Row) =>
    deletePhoneBook(api, b.id).then(
      () => {
        if (open?.id === b.id) setOpen(null);
        done(`Phone book ${b.name} deleted with its contacts.`);
      },
      (error: unknown) => setStatus(`Deleting ${b.name} failed: ${errorText(error)}`),
    );
  return (
    <section aria-label="Phone books">
      <StatusLine text={status} />
      {editing === null && (
        <button type="button" class="primary" onClick={() => edit('new')}>
          New phone book
        </button>
      )}
      {editing !== null && loaded.status === 'ready' && (
        <PhoneBookForm api={api} teams={loaded.data.teams} initial={editing === 'new' ? null : editing} onDone={done} onCancel={() => setEditing(null)} />
      )}
      <LoadView loaded={loaded} empty="No phone books yet." isEmpty={(d) => d.books.length === 0}>
        {(d) => (
          <table class="admin-table" aria-label="Phone books">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Teams</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.books.map((b) => (
                <tr key={b.id} data-id={b.id}>
                  <td>{b.name}</td>
                  <td>{b.type === 'GLOBAL' ? 'Global' : 'Team'}</td>
                  <td>{b.type === 'GLOBAL' ? 'All teams' : teamNames(d.teams, b.teamIds)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary" aria-label={`Contacts of ${b.name}`} onClick={() => setOpen(b)}>
                      Contacts
                    </button>
                    <button type="button" class="secondary" aria-label={`Edit ${b.name}`} onClick={() => edit(b)}>
                      Edit
                    </button>
                    <DeleteButton what={b.name} onDelete={() => remove(b)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadView>
      {open && <ContactsPanel key={open.id} api={api} book={open} onClose={() => setOpen(null)} />}
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

function PhoneBookForm({ api, teams, initial, onDone, onCancel }: FormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [type, setType] = useState<PhoneBookType>(initial?.type ?? 'GLOBAL');
  const [teamIds, setTeamIds] = useState(initial?.teamIds ?? []);
  const save = async () => {
    let id = initial?.id ?? '';
    if (initial) await updatePhoneBook(api, initial.id, { name, type });
    else id = await createPhoneBook(api, { name, type });
    if (type === 'TEAM') await assignTeams(() => setItemTeams(api, 'PhoneBook', id, initial?.type === 'TEAM' ? initial.teamIds : [], teamIds));
    onDone(`Phone book ${name} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({ name: { value: name, words: ['name'] }, type: { value: type, words: ['type'] } }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit phone book ${initial.name}` : 'New phone book'} onSubmit={submit} noValidate>
      <Field id="pb-name" label="Name" value={name} error={errors.name} onInput={setName} />
      <div class="admin-field">
        <label for="pb-type">Type</label>
        <select id="pb-type" value={type} onChange={(e) => setType(e.currentTarget.value as PhoneBookType)}>
          <option value="GLOBAL">Global (every team)</option>
          <option value="TEAM">Team (the teams chosen)</option>
        </select>
        <FieldError id="pb-type" error={errors.type} />
      </div>
      {type === 'TEAM' && <TeamPicker id="pb-team" legend="Teams" teams={teams} selected={teamIds} onChange={setTeamIds} />}
      <FormError error={errors.form} />
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={busy}>
          {initial ? 'Save phone book' : 'Create phone book'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
