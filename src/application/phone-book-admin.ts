import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { PhoneBook } from '../domain/phone-book.js';
import type { PhoneBookDraft, PhoneBookPatch } from '../domain/phone-book-rules.js';
import { changedPhoneBook, newPhoneBook } from '../domain/phone-book-rules.js';
import { assignToTeam, assignedTo } from '../domain/team-assignments.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';
import { invalidTeam } from './reason-code-admin.js';

export type PhoneBookStore = Pick<Store, 'loadPhoneBooks' | 'loadContacts' | 'countContacts' | 'reserveIds'>;

/**
 * The PhoneBook configuration API (admin reference §6.2) and the team assignments of phone books (§9).
 * Phone books are not cached: every read and every change reads them from the store, so a change any
 * node committed is seen at once; changes go through the configuration unit of work (one at a time on
 * this node, durable with their audit entries before the answer; the database's unique name and foreign
 * keys guard against another node's concurrent change).
 */
export class PhoneBookAdmin {
  constructor(
    private readonly directory: Pick<Directory, 'findTeam'>,
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: PhoneBookStore,
  ) {}

  list(): Promise<PhoneBook[]> {
    return this.store.loadPhoneBooks();
  }

  async get(id: string): Promise<PhoneBook> {
    return requireBook(await this.store.loadPhoneBooks(), id);
  }

  create(actor: UserAccount, draft: PhoneBookDraft): Promise<PhoneBook> {
    return this.changes.make(actor.loginId, async () => {
      const checked = newPhoneBook(await this.store.loadPhoneBooks(), '', draft);
      const created = { ...checked, id: String(await this.store.reserveIds('phoneBook', 1)) };
      return {
        writes: [{ kind: 'phoneBook', book: created }],
        audit: [{ resource: 'PhoneBook', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => undefined,
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the book is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: PhoneBook) => PhoneBookPatch): Promise<PhoneBook> {
    return this.changes.make(actor.loginId, async () => {
      const books = await this.store.loadPhoneBooks();
      const current = requireBook(books, id);
      const changed = changedPhoneBook(books, current, patchOf(current));
      return {
        writes: [{ kind: 'phoneBook', book: changed }],
        audit: [{ resource: 'PhoneBook', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => undefined,
        result: changed,
      };
    });
  }

  /** Deletes the book with its contacts and its team assignments; its id is never handed out again. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = requireBook(await this.store.loadPhoneBooks(), id);
      const contacts = (await this.store.countContacts()).get(id) ?? 0;
      await this.store.reserveIds('phoneBook', 0);
      return {
        writes: [{ kind: 'phoneBookDeleted', id }],
        audit: [{ resource: 'PhoneBook', resourceId: id, action: 'delete', before: auditJson({ ...current, contacts }), after: null }],
        apply: () => undefined,
        result: undefined,
      };
    });
  }

  /** A team a team assignment may name; any other id is 404 with the 12.x team-assignment error. */
  requireTeam(teamId: string): void {
    if (!this.directory.findTeam(teamId)) throw invalidTeam(teamId);
  }

  /** The TEAM books assigned to the team (`GET /Team/{id}/PhoneBooks`). */
  async assignedTo(teamId: string): Promise<PhoneBook[]> {
    this.requireTeam(teamId);
    return fromAssignable(assignedTo(asAssignable(await this.store.loadPhoneBooks()), teamId));
  }

  /** Gives the team exactly the TEAM books `ids` names (`PUT /Team/{id}/PhoneBooks`); a GLOBAL book is refused. */
  assign(actor: UserAccount, teamId: string, ids: readonly string[]): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      this.requireTeam(teamId);
      const all = asAssignable(await this.store.loadPhoneBooks());
      const before = assignedTo(all, teamId).map((b) => b.id);
      const changed = fromAssignable(assignToTeam(all, teamId, ids, (id) => `The phone book ${id}`));
      const after = [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
      return {
        writes: changed.map((book) => ({ kind: 'phoneBook' as const, book })),
        audit: [
          {
            resource: 'Team/PhoneBooks',
            resourceId: teamId,
            action: 'assign',
            before: auditJson({ phoneBookIds: before }),
            after: auditJson({ phoneBookIds: after }),
          },
        ],
        apply: () => undefined,
        result: undefined,
      };
    });
  }
}

/** The book `id` among `books`, or 404 Not Found. */
export function requireBook(books: readonly PhoneBook[], id: string): PhoneBook {
  const book = books.find((b) => b.id === id);
  if (!book) throw new DomainError('NotFound', 'Invalid phone book id specified', id);
  return book;
}

const asAssignable = (books: readonly PhoneBook[]) => books.map((b) => ({ ...b, forAll: b.type === 'GLOBAL' }));
const fromAssignable = (books: readonly (PhoneBook & { forAll: boolean })[]): PhoneBook[] => books.map(({ forAll: _forAll, ...book }) => book);
