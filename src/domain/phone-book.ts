/** A phone book (admin reference §6.1): GLOBAL books are every agent's, TEAM books those of the teams given them. */
export type PhoneBookType = 'GLOBAL' | 'TEAM';

export const PHONE_BOOK_TYPES: readonly PhoneBookType[] = ['GLOBAL', 'TEAM'];

export interface PhoneBook {
  id: string;
  name: string;
  type: PhoneBookType;
  /** The teams a TEAM book is assigned to (sorted); always empty for a GLOBAL book. */
  teamIds: readonly string[];
}

/** A contact of one phone book; the empty string stands for an optional field left out. */
export interface Contact {
  id: string;
  phoneBookId: string;
  firstName: string;
  lastName: string;
  phoneNumber: string;
  description: string;
}

/** The fields of a contact an administrator writes. */
export type ContactFields = Omit<Contact, 'id' | 'phoneBookId'>;

/** How many contacts each phone book holds (books without any are absent). */
export type ContactCounts = ReadonlyMap<string, number>;

/** The books `teamId` (null: no team) may read: every GLOBAL book first, then its TEAM books, each by id. */
export function phoneBooksOfTeam(books: readonly PhoneBook[], teamId: string | null): PhoneBook[] {
  const byId = (a: PhoneBook, b: PhoneBook) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  const global = books.filter((b) => b.type === 'GLOBAL').sort(byId);
  const team = teamId === null ? [] : books.filter((b) => b.type === 'TEAM' && b.teamIds.includes(teamId)).sort(byId);
  return [...global, ...team];
}
