import { children, text } from '../../finesse/xml';
import { type AdminApi, itemId, tag } from './admin-api';

export type PhoneBookType = 'GLOBAL' | 'TEAM';

export interface AdminPhoneBook {
  id: string;
  name: string;
  type: PhoneBookType;
}

export interface ContactFields {
  firstName: string;
  lastName: string;
  phoneNumber: string;
  description: string;
}

export interface AdminContact extends ContactFields {
  id: string;
}

const book = (id: string): string => `/PhoneBook/${encodeURIComponent(id)}`;

export async function listPhoneBooks(api: AdminApi): Promise<AdminPhoneBook[]> {
  return children(await api.getXml('/PhoneBooks'), 'PhoneBook').map((b) => ({ id: itemId(b), name: text(b, 'name'), type: text(b, 'type') as PhoneBookType }));
}

export function createPhoneBook(api: AdminApi, f: Omit<AdminPhoneBook, 'id'>): Promise<string> {
  return api.create('/PhoneBook', `<PhoneBook>${tag('name', f.name)}${tag('type', f.type)}</PhoneBook>`);
}

export function updatePhoneBook(api: AdminApi, id: string, f: Omit<AdminPhoneBook, 'id'>): Promise<void> {
  return api.put(book(id), `<PhoneBook>${tag('name', f.name)}${tag('type', f.type)}</PhoneBook>`);
}

/** Deletes the book with its contacts and its team assignments. */
export function deletePhoneBook(api: AdminApi, id: string): Promise<void> {
  return api.remove(book(id));
}

export async function listContacts(api: AdminApi, bookId: string): Promise<AdminContact[]> {
  return children(await api.getXml(`${book(bookId)}/Contacts`), 'Contact').map((c) => ({
    id: itemId(c),
    firstName: text(c, 'firstName'),
    lastName: text(c, 'lastName'),
    phoneNumber: text(c, 'phoneNumber'),
    description: text(c, 'description'),
  }));
}

const contactXml = (f: ContactFields): string =>
  `<Contact>${tag('firstName', f.firstName)}${tag('lastName', f.lastName)}${tag('phoneNumber', f.phoneNumber)}${tag('description', f.description)}</Contact>`;

export function createContact(api: AdminApi, bookId: string, f: ContactFields): Promise<string> {
  return api.create(`${book(bookId)}/Contact`, contactXml(f));
}

export function updateContact(api: AdminApi, bookId: string, id: string, f: ContactFields): Promise<void> {
  return api.put(`${book(bookId)}/Contact/${encodeURIComponent(id)}`, contactXml(f));
}

export function deleteContact(api: AdminApi, bookId: string, id: string): Promise<void> {
  return api.remove(`${book(bookId)}/Contact/${encodeURIComponent(id)}`);
}

/** Replaces every contact of the book with the file's, all or nothing (part `datafile`, admin reference §6.4). */
export function importContactsCsv(api: AdminApi, bookId: string, file: File): Promise<void> {
  return api.upload(`${book(bookId)}/Contacts/csvFileContent`, 'datafile', file, file.name);
}

export function exportContactsCsv(api: AdminApi, bookId: string): Promise<string> {
  return api.getText(`${book(bookId)}/Contacts/csvFileContent`, 'text/csv');
}
