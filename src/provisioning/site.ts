import type { SettingName, Store, StoredUser } from '../application/ports/store.js';
import type { ReasonCode, Team, WrapUpReason } from '../domain/model.js';
import type { Contact, PhoneBook } from '../domain/phone-book.js';
import type { Queue } from '../domain/queue.js';

/** Everything a provisioning file describes, as the store holds it now. */
export interface Site {
  teams: Team[];
  users: StoredUser[];
  reasonCodes: ReasonCode[];
  wrapUpReasons: WrapUpReason[];
  queues: Queue[];
  phoneBooks: PhoneBook[];
  /** Every contact of every book, by book then id. */
  contacts: Contact[];
  /** The site's requireReasonCodes setting, or null when no file set it. */
  requireReasonCodes: boolean | null;
}

export const REQUIRE_REASON_CODES_SETTING: SettingName = 'site.requireReasonCodes';

export type SiteStore = Pick<
  Store,
  'loadTeams' | 'loadUsers' | 'loadReasonCodes' | 'loadWrapUpReasons' | 'loadQueues' | 'loadPhoneBooks' | 'loadContacts' | 'loadSetting'
>;

/** Reads the site from the store. */
export async function readSite(store: SiteStore): Promise<Site> {
  const [teams, users, reasonCodes, wrapUpReasons, queues, phoneBooks, requireReasonCodes] = await Promise.all([
    store.loadTeams(),
    store.loadUsers(),
    store.loadReasonCodes(),
    store.loadWrapUpReasons(),
    store.loadQueues(),
    store.loadPhoneBooks(),
    store.loadSetting(REQUIRE_REASON_CODES_SETTING),
  ]);
  const contacts = await store.loadContacts(phoneBooks.map((b) => b.id));
  return {
    teams: teams.sort(byId),
    users,
    reasonCodes: reasonCodes.sort(byId),
    wrapUpReasons: wrapUpReasons.sort(byId),
    queues: queues.sort(byId),
    phoneBooks,
    contacts,
    requireReasonCodes: requireReasonCodes === null ? null : requireReasonCodes === 'true',
  };
}

/** Ids in numeric order when they are numbers, then in code-unit order. */
export function byId(a: { id: string }, b: { id: string }): number {
  return Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
