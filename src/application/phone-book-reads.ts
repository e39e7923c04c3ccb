import { CONTACT_LIMITS } from '../domain/configuration-limits.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { Contact, PhoneBook } from '../domain/phone-book.js';
import { phoneBooksOfTeam } from '../domain/phone-book.js';
import type { Store } from './ports/store.js';

/** A phone book an agent reads, with its contacts when they are embedded. */
export interface PhoneBookWithContacts {
  book: PhoneBook;
  contacts: Contact[];
  /** Some of its contacts were left out (the cap was reached). */
  cut: boolean;
}

/**
 * What agents read of the phone books (main reference §8.5, admin reference §10): every GLOBAL book and
 * the TEAM books of the user's team, read from the store on each request (a change is seen on the next
 * read, on any node). A book the user may not read is answered as one that does not exist.
 */
export class PhoneBookReads {
  constructor(private readonly store: Pick<Store, 'loadPhoneBooks' | 'loadContacts'>) {}

  /** The books of `user`'s team (global first), each with its contacts: at most 6000 in all, the later ones cut. */
  async booksOf(user: UserAccount, cap: number = CONTACT_LIMITS.perPhoneBook): Promise<PhoneBookWithContacts[]> {
    const books = phoneBooksOfTeam(await this.store.loadPhoneBooks(), user.teamId);
    const byBook = new Map<string, Contact[]>(books.map((b) => [b.id, []]));
    for (const contact of await this.store.loadContacts(books.map((b) => b.id))) byBook.get(contact.phoneBookId)?.push(contact);
    let room = cap;
    return books.map((book) => {
      const all = byBook.get(book.id)!;
      const own = all.slice(0, Math.max(0, room));
      room -= own.length;
      return { book, contacts: own, cut: own.length < all.length };
    });
  }

  /** The contacts of a book `user` may read (404 Not Found for any other, as for one that does not exist). */
  async contactsOf(user: UserAccount, phoneBookId: string): Promise<Contact[]> {
    const visible = phoneBooksOfTeam(await this.store.loadPhoneBooks(), user.teamId);
    if (!visible.some((b) => b.id === phoneBookId)) throw new DomainError('NotFound', 'Invalid phone book id specified', phoneBookId);
    return this.store.loadContacts([phoneBookId]);
  }
}
