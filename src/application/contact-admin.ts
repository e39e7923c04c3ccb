import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { Contact, ContactFields } from '../domain/phone-book.js';
import type { ContactPatch } from '../domain/phone-book-rules.js';
import { checkContactCounts, checkContactFields, contactFieldsProblem } from '../domain/phone-book-rules.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { PhoneBookStore } from './phone-book-admin.js';
import { requireBook } from './phone-book-admin.js';

/**
 * The Contact configuration API (admin reference §6.3) and the bulk import that replaces a book's
 * contacts (§6.4). Like phone books, contacts are read from the store on every request; changes go
 * through the configuration unit of work. The checks go in the reference's order: the book and the
 * contact (404), the body (400), the limits (400 Maximum Exceeded).
 */
export class ContactAdmin {
  constructor(
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: PhoneBookStore,
  ) {}

  /** The book's contacts (404 for an unknown book). */
  async list(phoneBookId: string): Promise<Contact[]> {
    requireBook(await this.store.loadPhoneBooks(), phoneBookId);
    return this.store.loadContacts([phoneBookId]);
  }

  async get(phoneBookId: string, id: string): Promise<Contact> {
    requireBook(await this.store.loadPhoneBooks(), phoneBookId);
    return requireContact(await this.store.loadContacts([phoneBookId]), id);
  }

  /** Checks the book exists (404), before the caller reads a body. */
  async requireBook(phoneBookId: string): Promise<void> {
    requireBook(await this.store.loadPhoneBooks(), phoneBookId);
  }

  /** `fieldsOf` reads the request body; it runs once the book is known to exist. */
  create(actor: UserAccount, phoneBookId: string, fieldsOf: () => ContactFields): Promise<Contact> {
    return this.changes.make(actor.loginId, async () => {
      requireBook(await this.store.loadPhoneBooks(), phoneBookId);
      const fields = checkContactFields(fieldsOf());
      const counts = await this.store.countContacts();
      checkContactCounts((counts.get(phoneBookId) ?? 0) + 1, total(counts) + 1);
      const created: Contact = { id: String(await this.store.reserveIds('contact', 1)), phoneBookId, ...fields };
      return {
        writes: [{ kind: 'contact', contact: created }],
        audit: [{ resource: 'Contact', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => undefined,
        result: created,
      };
    });
  }

  update(actor: UserAccount, phoneBookId: string, id: string, patchOf: (current: Contact) => ContactPatch): Promise<Contact> {
    return this.changes.make(actor.loginId, async () => {
      requireBook(await this.store.loadPhoneBooks(), phoneBookId);
      const current = requireContact(await this.store.loadContacts([phoneBookId]), id);
      const changed: Contact = { ...current, ...checkContactFields({ ...fieldsOf(current), ...patchOf(current) }) };
      return {
        writes: [{ kind: 'contact', contact: changed }],
        audit: [{ resource: 'Contact', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => undefined,
        result: changed,
      };
    });
  }

  delete(actor: UserAccount, phoneBookId: string, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      requireBook(await this.store.loadPhoneBooks(), phoneBookId);
      const current = requireContact(await this.store.loadContacts([phoneBookId]), id);
      await this.store.reserveIds('contact', 0);
      return {
        writes: [{ kind: 'contactDeleted', id }],
        audit: [{ resource: 'Contact', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => undefined,
        result: undefined,
      };
    });
  }

  /**
   * Replaces every contact of the book with those `contactsOf` reads (an import): all of them or, when
   * one is refused, none. The audit log keeps how many there were before and after, not the lists.
   */
  replaceAll(actor: UserAccount, phoneBookId: string, contactsOf: () => ContactFields[]): Promise<number> {
    return this.changes.make(actor.loginId, async () => {
      requireBook(await this.store.loadPhoneBooks(), phoneBookId);
      const fields = contactsOf();
      fields.forEach(checkImported);
      const counts = await this.store.countContacts();
      const before = counts.get(phoneBookId) ?? 0;
      checkContactCounts(fields.length, total(counts) - before + fields.length);
      const first = fields.length > 0 ? await this.store.reserveIds('contact', fields.length) : 0;
      const contacts = fields.map((f, i): Contact => ({ id: String(first + i), phoneBookId, ...f }));
      return {
        writes: [{ kind: 'phoneBookEmptied', phoneBookId }, ...contacts.map((contact) => ({ kind: 'contact' as const, contact }))],
        audit: [
          {
            resource: 'PhoneBook/Contacts',
            resourceId: phoneBookId,
            action: 'import',
            before: auditJson({ contacts: before }),
            after: auditJson({ contacts: contacts.length }),
          },
        ],
        apply: () => undefined,
        result: contacts.length,
      };
    });
  }
}

/** A contact of an import, the `index`-th (0-based): a problem refuses the whole import, naming it (400 Invalid Input). */
function checkImported(fields: ContactFields, index: number): void {
  const problem = contactFieldsProblem(fields);
  if (problem) throw new DomainError('InvalidInput', `Contact ${index + 1}: ${problem.message}; nothing was imported`, String(index + 1));
}

function requireContact(contacts: readonly Contact[], id: string): Contact {
  const contact = contacts.find((c) => c.id === id);
  if (!contact) throw new DomainError('NotFound', 'Invalid contact id specified', id);
  return contact;
}

function fieldsOf(c: Contact): ContactFields {
  return { firstName: c.firstName, lastName: c.lastName, phoneNumber: c.phoneNumber, description: c.description };
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const n of counts.values()) sum += n;
  return sum;
}
