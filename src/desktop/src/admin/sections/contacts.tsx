import { useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import {
  type AdminContact,
  type AdminPhoneBook,
  type ContactFields,
  createContact,
  deleteContact,
  exportContactsCsv,
  importContactsCsv,
  listContacts,
  updateContact,
} from '../api/phone-books';
import { Field, FieldError, FormButtons, FormError, LoadView, StatusLine } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { errorText } from '../../session/messages';

interface PanelProps {
  api: AdminApi;
  book: AdminPhoneBook;
  onClose: () => void;
}

/** The contacts of one book: one by one, or all at once from a CSV file (and back to one). */
export function ContactsPanel({ api, book, onClose }: PanelProps) {
  const [loaded, reload] = useLoad(() => listContacts(api, book.id), [api, book.id]);
  const editor = useEditor<AdminContact>(reload);
  return (
    <section class="contacts card" aria-labelledby="contacts-title">
      <div class="card-head">
        <h2 id="contacts-title">Contacts of {book.name}</h2>
        <button type="button" class="link" onClick={onClose}>
          Close
        </button>
      </div>
      <StatusLine text={editor.status} />
      <CsvTransfer api={api} book={book} onImported={() => editor.done('Contacts imported from the file.')} />
      <NewButton editor={editor} label="New contact" />
      {editor.isOpen && <ContactForm api={api} bookId={book.id} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />}
      <LoadView loaded={loaded} empty="No contacts in this book yet." isEmpty={(d) => d.length === 0}>
        {(contacts) => (
          <AdminTable label="Contacts" columns={['First name', 'Last name', 'Phone number', 'Notes', 'Actions']}>
            {contacts.map((c) => (
              <tr key={c.id} data-id={c.id}>
                <td>{c.firstName}</td>
                <td>{c.lastName}</td>
                <td>{c.phoneNumber}</td>
                <td>{c.description}</td>
                <RowActions
                  what={`contact ${c.phoneNumber}`}
                  onEdit={() => editor.edit(c)}
                  onDelete={() => editor.remove(() => deleteContact(api, book.id, c.id), c.phoneNumber, `Contact ${c.phoneNumber} deleted.`)}
                />
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadView>
    </section>
  );
}

/** Import replaces every contact of the book with the file's (all or nothing); export saves them as a file. */
function CsvTransfer({ api, book, onImported }: { api: AdminApi; book: AdminPhoneBook; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [exportError, setExportError] = useState('');
  const upload = async () => {
    const file = input.current?.files?.[0];
    if (!file) throw new Error('Choose a CSV file first.');
    await importContactsCsv(api, book.id, file);
    if (input.current) input.current.value = '';
    onImported();
  };
  // Every error of an import concerns the file (a bad line is named in the message).
  const { busy, errors, submit } = useSubmit(upload, () => ({}));
  const fileError = [
    errors.form,
    ...Object.entries(errors)
      .filter(([k]) => k !== 'form')
      .map(([, v]) => v),
  ]
    .filter(Boolean)
    .join(' ');
  const download = () =>
    exportContactsCsv(api, book.id).then(
      (csv) => {
        setExportError('');
        saveFile(csv, `phonebook-${book.name}.csv`);
      },
      (error: unknown) => setExportError(`Export failed: ${errorText(error)}`),
    );
  return (
    <form class="admin-form csv" aria-label="Contacts file" onSubmit={submit} noValidate>
      <div class="admin-field">
        <label for="csv-file">CSV file</label>
        <input
          id="csv-file"
          ref={input}
          type="file"
          accept=".csv,text/csv"
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={fileError ? 'csv-file-error' : 'csv-file-help'}
        />
        <p id="csv-file-help" class="muted">
          Header "First Name","Last Name","Phone Number","Notes". Importing replaces every contact of the book.
        </p>
        <FieldError id="csv-file" error={fileError} />
      </div>
      <div class="form-buttons">
        <button type="submit" class="primary" disabled={busy}>
          Import CSV
        </button>
        <button type="button" class="secondary" onClick={() => void download()}>
          Export CSV
        </button>
      </div>
      <FormError error={exportError} />
    </form>
  );
}

/** Hands `text` to the browser as a downloaded file. */
function saveFile(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface FormProps extends EditFormProps<AdminContact> {
  bookId: string;
}

function ContactForm({ api, bookId, initial, onDone, onCancel }: FormProps) {
  const [f, setF] = useState<ContactFields>({
    firstName: initial?.firstName ?? '',
    lastName: initial?.lastName ?? '',
    phoneNumber: initial?.phoneNumber ?? '',
    description: initial?.description ?? '',
  });
  const set = (name: keyof ContactFields) => (value: string) => setF((x) => ({ ...x, [name]: value }));
  const save = async () => {
    if (initial) await updateContact(api, bookId, initial.id, f);
    else await createContact(api, bookId, f);
    onDone(`Contact ${f.phoneNumber} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    firstName: { value: f.firstName, words: ['first name', 'firstName'] },
    lastName: { value: f.lastName, words: ['last name', 'lastName'] },
    phoneNumber: { value: f.phoneNumber, words: ['phone number', 'phoneNumber'] },
    description: { value: f.description, words: ['description', 'notes'] },
  }));
  return (
    <form class="admin-form" aria-label={initial ? `Edit contact ${initial.phoneNumber}` : 'New contact'} onSubmit={submit} noValidate>
      <Field id="ct-first" label="First name" value={f.firstName} error={errors.firstName} onInput={set('firstName')} />
      <Field id="ct-last" label="Last name" value={f.lastName} error={errors.lastName} onInput={set('lastName')} />
      <Field id="ct-phone" label="Phone number" value={f.phoneNumber} error={errors.phoneNumber} onInput={set('phoneNumber')} />
      <Field id="ct-notes" label="Notes" value={f.description} error={errors.description} onInput={set('description')} />
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save contact' : 'Create contact'} onCancel={onCancel} />
    </form>
  );
}
