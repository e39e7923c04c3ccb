import type { Contact, PhoneBook } from '../domain/phone-book.js';
import { contactUri, phoneBookContactsUri, phoneBookUri } from './uris.js';
import { element } from './xml-escape.js';

/** A phone book with its contacts, as agents read it. */
export interface BookWithContacts {
  book: PhoneBook;
  contacts: readonly Contact[];
}

/** `<PhoneBook>` (admin reference §6.1): uri, name, type, and the URI of its contacts. */
export function phoneBookXml(book: PhoneBook): string {
  return `<PhoneBook>${bookFields(book)}${element('contacts', phoneBookContactsUri(book.id))}</PhoneBook>`;
}

export function phoneBooksXml(books: readonly PhoneBook[]): string {
  return `<PhoneBooks>${books.map(phoneBookXml).join('')}</PhoneBooks>`;
}

/**
 * `<PhoneBooks>` with each book's contacts embedded in place of their URI, in the element `wrapper`:
 * `contacts` for `/User/{id}/PhoneBooks` (what finesse.js's `getEmbeddedContacts()` reads, gadget
 * reference §4.3), `Contacts` for `/TeamResource/{team}/PhoneBooks` (admin reference §10).
 */
export function phoneBooksWithContactsXml(books: readonly BookWithContacts[], wrapper: 'contacts' | 'Contacts'): string {
  const book = ({ book, contacts }: BookWithContacts) =>
    `<PhoneBook>${bookFields(book)}<${wrapper}>${contacts.map(contactXml).join('')}</${wrapper}></PhoneBook>`;
  return `<PhoneBooks>${books.map(book).join('')}</PhoneBooks>`;
}

/** `<Contact>` (admin reference §6.1). */
export function contactXml(c: Contact): string {
  return (
    `<Contact>${element('uri', contactUri(c.phoneBookId, c.id))}${element('firstName', c.firstName)}${element('lastName', c.lastName)}` +
    `${element('phoneNumber', c.phoneNumber)}${element('description', c.description)}</Contact>`
  );
}

export function contactsXml(contacts: readonly Contact[]): string {
  return `<Contacts>${contacts.map(contactXml).join('')}</Contacts>`;
}

function bookFields(book: PhoneBook): string {
  return `${element('uri', phoneBookUri(book.id))}${element('name', book.name)}${element('type', book.type)}`;
}
