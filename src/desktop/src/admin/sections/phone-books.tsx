import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type AdminPhoneBook, type PhoneBookType, createPhoneBook, deletePhoneBook, listPhoneBooks, updatePhoneBook } from '../api/phone-books';
import { type TeamSummary, listTeams, setItemTeams, teamsByItem } from '../api/teams';
import type { SectionProps } from '../section';
import { Field, FieldError, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { assignTeams, teamNames } from '../ui/team-names';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
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
  const editor = useEditor<Row>(reload);
  const [open, setOpen] = useState<AdminPhoneBook | null>(null);
  const remove = (b: Row) =>
    editor.remove(
      async () => {
        await deletePhoneBook(api, b.id);
        if (open?.id === b.id) setOpen(null);
      },
      b.name,
      `Phone book ${b.name} deleted with its contacts.`,
    );
  return (
    <section aria-label="Phone books">
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New phone book" />
      {editor.isOpen && loaded.status === 'ready' && (
        <PhoneBookForm api={api} teams={loaded.data.teams} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No phone books yet." isEmpty={(d) => d.books.length === 0}>
        {(d) => (
          <AdminTable label="Phone books" columns={['Name', 'Type', 'Teams', 'Actions']}>
            {d.books.map((b) => (
              <tr key={b.id} data-id={b.id}>
                <td>{b.name}</td>
                <td>{b.type === 'GLOBAL' ? 'Global' : 'Team'}</td>
                <td>{b.type === 'GLOBAL' ? 'All teams' : teamNames(d.teams, b.teamIds)}</td>
                <RowActions
                  what={b.name}
                  onEdit={() => editor.edit(b)}
                  onDelete={() => remove(b)}
                  leading={
                    <button type="button" class="secondary" aria-label={`Contacts of ${b.name}`} onClick={() => setOpen(b)}>
                      Contacts
                    </button>
                  }
                />
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadView>
      {open && <ContactsPanel key={open.id} api={api} book={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

interface FormProps extends EditFormProps<Row> {
  teams: TeamSummary[];
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
      <FormButtons busy={busy} submit={initial ? 'Save phone book' : 'Create phone book'} onCancel={onCancel} />
    </form>
  );
}
