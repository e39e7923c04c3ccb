import { DomainError } from '../domain/errors.js';
import type { ContactFields, PhoneBookType } from '../domain/phone-book.js';
import { PHONE_BOOK_TYPES } from '../domain/phone-book.js';
import type { ContactPatch, PhoneBookDraft, PhoneBookPatch } from '../domain/phone-book-rules.js';
import { noUpdatableField, required } from './configuration-bodies.js';
import type { XmlElement } from './xml-reader.js';
import { childText } from './xml-reader.js';

/**
 * The request bodies of the PhoneBook and Contact configuration APIs (admin reference §6): a missing
 * required field or an unreadable value is 400 Bad Request naming it; a PUT with none of the updatable
 * fields is 400 Invalid Input; `uri` (which finesse.js sends) and unknown elements are ignored.
 */

/** `<PhoneBook>` of a create: name and type are required. */
export function readPhoneBookDraft(body: XmlElement): PhoneBookDraft {
  return { name: required(body, 'name'), type: readType(required(body, 'type')) };
}

/** `<PhoneBook>` of an update: name and/or type. */
export function readPhoneBookPatch(body: XmlElement): PhoneBookPatch {
  const patch: PhoneBookPatch = {};
  const name = childText(body, 'name');
  const type = childText(body, 'type');
  if (name !== undefined) patch.name = name;
  if (type !== undefined) patch.type = readType(type);
  if (Object.keys(patch).length === 0) throw noUpdatableField('name, type');
  return patch;
}

const CONTACT_FIELDS = ['firstName', 'lastName', 'phoneNumber', 'description'] as const;

/** `<Contact>` of a create: every field optional but the phone number (which the rules check). */
export function readContactFields(body: XmlElement): ContactFields {
  const fields = { firstName: '', lastName: '', phoneNumber: '', description: '' };
  for (const name of CONTACT_FIELDS) fields[name] = childText(body, name) ?? '';
  return fields;
}

/** `<Contact>` of an update: any of the four fields. */
export function readContactPatch(body: XmlElement): ContactPatch {
  const patch: ContactPatch = {};
  for (const name of CONTACT_FIELDS) {
    const value = childText(body, name);
    if (value !== undefined) patch[name] = value;
  }
  if (Object.keys(patch).length === 0) throw noUpdatableField(CONTACT_FIELDS.join(', '));
  return patch;
}

/** The contacts of an XML import (`<Contacts><Contact>…</Contact>…</Contacts>`). */
export function readContactList(body: XmlElement): ContactFields[] {
  return body.children.filter((c) => c.name === 'Contact').map(readContactFields);
}

function readType(value: string): PhoneBookType {
  if (!(PHONE_BOOK_TYPES as readonly string[]).includes(value)) throw new DomainError('BadRequest', 'The type must be GLOBAL or TEAM', value);
  return value as PhoneBookType;
}
