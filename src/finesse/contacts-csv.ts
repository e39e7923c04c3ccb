import { DomainError } from '../domain/errors.js';
import type { Contact, ContactFields } from '../domain/phone-book.js';
import { contactFieldsProblem } from '../domain/phone-book-rules.js';
import { CsvSyntaxError, readCsv, writeCsvRecord } from './csv.js';

/** The header of a contacts CSV file (admin reference §6.4), in this column order. */
export const CONTACTS_CSV_HEADER = ['First Name', 'Last Name', 'Phone Number', 'Notes'] as const;

/**
 * The contacts of an import file: a header line (the four column names, any case; `Note` or
 * `Description` for `Notes`), then one contact per line; empty lines are skipped. Any problem — a line
 * that is not CSV, a wrong number of fields, a missing or too long value — refuses the whole file with
 * 400 Invalid Input naming the line (ErrorData: its number), so nothing is imported.
 */
export function readContactsCsv(text: string): ContactFields[] {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw lineError(error.line, error.message);
    throw error;
  }
  const lines = records.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  const header = lines[0];
  if (!header || !isHeader(header.fields)) {
    throw lineError(header?.line ?? 1, `The first line must be the header ${CONTACTS_CSV_HEADER.map((h) => `"${h}"`).join(',')}`);
  }
  return lines.slice(1).map(({ line, fields }) => {
    if (fields.length !== CONTACTS_CSV_HEADER.length) throw lineError(line, `Expected ${CONTACTS_CSV_HEADER.length} fields, found ${fields.length}`);
    const [firstName, lastName, phoneNumber, description] = fields as [string, string, string, string];
    const contact = { firstName, lastName, phoneNumber, description };
    const problem = contactFieldsProblem(contact);
    if (problem) throw lineError(line, problem.message);
    return contact;
  });
}

/** The book's contacts as an import file would hold them (header first). */
export function writeContactsCsv(contacts: readonly Contact[]): string {
  return [CONTACTS_CSV_HEADER, ...contacts.map((c) => [c.firstName, c.lastName, c.phoneNumber, c.description])].map(writeCsvRecord).join('');
}

function isHeader(fields: readonly string[]): boolean {
  const names = fields.map((f) => f.trim().toLowerCase());
  const notes = ['notes', 'note', 'description'];
  return names.length === 4 && names[0] === 'first name' && names[1] === 'last name' && names[2] === 'phone number' && notes.includes(names[3]!);
}

function lineError(line: number, message: string): DomainError {
  return new DomainError('InvalidInput', `Line ${line}: ${message}; nothing was imported`, String(line));
}
