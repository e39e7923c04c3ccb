import {
  CONTACT_LIMITS,
  CONTACT_PHONE_NUMBER_MAX_CHARACTERS,
  CONTACT_TEXT_MAX_CHARACTERS,
  PHONE_BOOK_NAME_MAX_CHARACTERS,
  PHONE_BOOKS,
  countLimit,
} from './configuration-limits.js';
import { DomainError } from './errors.js';
import type { ContactFields, PhoneBook, PhoneBookType } from './phone-book.js';

/** A new phone book as the administrator describes it (both fields are required on create). */
export interface PhoneBookDraft {
  name: string;
  type: PhoneBookType;
}

/** A partial update: the fields present change, the others stay. */
export type PhoneBookPatch = Partial<PhoneBookDraft>;

/** A partial update of a contact. */
export type ContactPatch = Partial<ContactFields>;

const length = (text: string): number => [...text].length;

/**
 * The rules of the PhoneBook configuration API (admin reference §6, §15.1): the name (1–64 characters,
 * 400 Bad Request), unique among all books (400 Finesse API Error), then the count limits of its type
 * (10 GLOBAL, 300 TEAM: 400 Maximum Exceeded).
 */
export function newPhoneBook(configured: readonly PhoneBook[], id: string, draft: PhoneBookDraft, limits = PHONE_BOOKS): PhoneBook {
  checkName(draft.name);
  const created: PhoneBook = { id, ...draft, teamIds: [] };
  checkUnique(configured, created);
  checkCount(configured, created, limits);
  return created;
}

/** `current` with `patch` applied; a change of type drops the team assignments (a GLOBAL book has none). */
export function changedPhoneBook(configured: readonly PhoneBook[], current: PhoneBook, patch: PhoneBookPatch, limits = PHONE_BOOKS): PhoneBook {
  if (patch.name !== undefined) checkName(patch.name);
  const type = patch.type ?? current.type;
  const changed: PhoneBook = { ...current, name: patch.name ?? current.name, type, teamIds: type === current.type ? current.teamIds : [] };
  checkUnique(configured, changed);
  if (type !== current.type) checkCount(configured, changed, limits);
  return changed;
}

function checkName(name: string): void {
  if (name === '') throw new DomainError('BadRequest', 'The name must not be empty', 'name');
  if (length(name) > PHONE_BOOK_NAME_MAX_CHARACTERS) {
    throw new DomainError('BadRequest', `The name must be at most ${PHONE_BOOK_NAME_MAX_CHARACTERS} characters`, name);
  }
}

function checkUnique(configured: readonly PhoneBook[], candidate: PhoneBook): void {
  if (configured.some((b) => b.id !== candidate.id && b.name === candidate.name)) {
    throw new DomainError('ConfigurationRefused', `A phone book named "${candidate.name}" already exists`, candidate.name);
  }
}

function checkCount(configured: readonly PhoneBook[], candidate: PhoneBook, limits: typeof PHONE_BOOKS): void {
  const { max, kind } = countLimit(limits, candidate.type === 'GLOBAL');
  if (configured.filter((b) => b.type === candidate.type && b.id !== candidate.id).length >= max) {
    throw new DomainError('MaximumExceeded', `At most ${max} ${kind} phone books may be configured`, String(max));
  }
}

/**
 * Why a contact's fields are refused (a message and the offending field), or null: the phone number is
 * required, 1–32 characters; first name, last name and description at most 128 characters each.
 */
export function contactFieldsProblem(fields: ContactFields): { message: string; field: keyof ContactFields } | null {
  if (fields.phoneNumber === '') return { message: 'The phone number is required', field: 'phoneNumber' };
  if (length(fields.phoneNumber) > CONTACT_PHONE_NUMBER_MAX_CHARACTERS) {
    return { message: `The phone number must be at most ${CONTACT_PHONE_NUMBER_MAX_CHARACTERS} characters`, field: 'phoneNumber' };
  }
  for (const field of ['firstName', 'lastName', 'description'] as const) {
    if (length(fields[field]) > CONTACT_TEXT_MAX_CHARACTERS) {
      return { message: `The ${field} must be at most ${CONTACT_TEXT_MAX_CHARACTERS} characters`, field };
    }
  }
  return null;
}

/** A contact written through the Contact API: a problem with its fields is 400 Bad Request naming the field. */
export function checkContactFields(fields: ContactFields): ContactFields {
  const problem = contactFieldsProblem(fields);
  if (problem) throw new DomainError('BadRequest', problem.message, problem.field);
  return fields;
}

/**
 * Room for the contacts a change leaves: at most 6000 in the book and 50 000 in the system (400 Maximum
 * Exceeded). `inBook` and `inSystem` are the counts after the change.
 */
export function checkContactCounts(inBook: number, inSystem: number, limits = CONTACT_LIMITS): void {
  if (inBook > limits.perPhoneBook) {
    throw new DomainError('MaximumExceeded', `A phone book holds at most ${limits.perPhoneBook} contacts`, String(limits.perPhoneBook));
  }
  if (inSystem > limits.system) throw new DomainError('MaximumExceeded', `At most ${limits.system} contacts may be configured`, String(limits.system));
}
