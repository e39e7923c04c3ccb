import type { Credentials } from '../../accounts/credentials.js';
import type { CallRecord } from '../../domain/call-record.js';
import type { AgentStatus, ReasonCode, Team, UserAccount, WrapUpReason } from '../../domain/model.js';
import type { TeamLayoutConfig } from '../../domain/desktop-layout.js';
import type { AllowListEntry } from '../../domain/gadget-allow-list.js';
import type { MediaPropertiesLayout } from '../../domain/media-properties-layout.js';
import type { Contact, ContactCounts, PhoneBook } from '../../domain/phone-book.js';
import type { Queue } from '../../domain/queue.js';
import type { TeamMessage } from '../../domain/team-message.js';
import type { Workflow, WorkflowAction } from '../../domain/workflow.js';

export interface StoredUser {
  account: UserAccount;
  credentials: Credentials;
  /** A disabled user keeps his account but cannot sign in and is absent from the Finesse APIs. */
  disabled: boolean;
  status: AgentStatus;
  /** The agent status row's version: each committed change adds one (optimistic concurrency). */
  version: number;
}

export interface StoredSubscription {
  node: string;
  jid: string;
  subid: string;
  createdAt: number;
}

/** A live call as the phone system saves it: its state as JSON and the deadlines of its pending timers. */
export interface StoredLiveCall {
  id: string;
  state: string;
  updatedAt: number;
}

/**
 * One change to persist. Writes are queued by the commands that make them and committed in batches (see
 * CommitQueue); a batch is one transaction, durable when `commit` resolves.
 */
export type StoreWrite =
  | { kind: 'team'; team: Team }
  /** `disabled` absent: false. */
  | { kind: 'user'; account: UserAccount; credentials: Credentials; disabled?: boolean }
  /** Deletes the user with his supervision rows and agent status. */
  | { kind: 'userDeleted'; loginId: string }
  /** Deletes a team no user belongs to or supervises, and its phone book assignments. */
  | { kind: 'teamDeleted'; id: string }
  /** A named value of the installation (see SettingName). */
  | { kind: 'setting'; name: SettingName; value: string }
  | { kind: 'reasonCode'; reasonCode: ReasonCode }
  | { kind: 'reasonCodeDeleted'; id: string }
  | { kind: 'wrapUpReason'; reason: WrapUpReason }
  | { kind: 'wrapUpReasonDeleted'; id: string }
  | { kind: 'teamMessage'; message: TeamMessage }
  | { kind: 'teamMessageDeleted'; id: string }
  /** A phone book with its team assignments (they replace those stored). */
  | { kind: 'phoneBook'; book: PhoneBook }
  /** Deletes the book, its contacts and its team assignments. */
  | { kind: 'phoneBookDeleted'; id: string }
  /** Deletes every contact of the book (before the contacts of the same batch are written: an import). */
  | { kind: 'phoneBookEmptied'; phoneBookId: string }
  | { kind: 'contact'; contact: Contact }
  | { kind: 'contactDeleted'; id: string }
  | { kind: 'workflowAction'; action: WorkflowAction }
  /** Refused by the database (WriteRefused) while a workflow runs the action. */
  | { kind: 'workflowActionDeleted'; id: string }
  /** A workflow with its actions and its team assignments (both replace those stored). */
  | { kind: 'workflow'; workflow: Workflow }
  /** Deletes the workflow and its team assignments. */
  | { kind: 'workflowDeleted'; id: string }
  /** A call-variables layout (DEFAULT once edited, or a CUSTOM one); its team assignments are written apart. */
  | { kind: 'mediaPropertiesLayout'; layout: MediaPropertiesLayout }
  /** Deletes a CUSTOM layout; the teams that had it fall back to DEFAULT. */
  | { kind: 'mediaPropertiesLayoutDeleted'; id: string }
  /** Gives the team a CUSTOM layout, or (null) takes it away so that the team has DEFAULT. */
  | { kind: 'teamMediaPropertiesLayout'; teamId: string; layoutId: string | null }
  /** The system default desktop layout XML (`/LayoutConfig/default`). */
  | { kind: 'defaultDesktopLayout'; layoutXml: string }
  /** A team's desktop layout: its own XML, or (useDefault) none so that it has the default. */
  | { kind: 'teamDesktopLayout'; config: TeamLayoutConfig }
  /** The whole gadget allow-list, replacing the stored one. */
  | { kind: 'gadgetAllowList'; entries: AllowListEntry[] }
  /** One configuration change for the audit log, in the transaction of the change itself. */
  | { kind: 'audit'; record: AuditRecord }
  | { kind: 'queue'; queue: Queue }
  /** `version` is the new version: the row must be at `version - 1` (a missing row counts as 0). */
  | { kind: 'agentStatus'; loginId: string; status: AgentStatus; version: number }
  | { kind: 'subscriptionAdded'; subscription: StoredSubscription }
  | { kind: 'subscriptionRemoved'; node: string; jid: string; subid: string }
  | { kind: 'callRecord'; record: CallRecord }
  | { kind: 'liveCall'; call: StoredLiveCall }
  | { kind: 'liveCallEnded'; id: string }
  /** A committed change as other nodes need it, for the relay of the node `origin`; `payload` is JSON. */
  | { kind: 'outbox'; at: number; origin: string; payload: string };

/** A configuration change as the audit log keeps it; `before` and `after` are the item as JSON (null: none). */
export interface AuditRecord {
  /** Epoch milliseconds. */
  at: number;
  /** The loginId of the administrator who made the change. */
  actor: string;
  /** What kind of thing changed (`ReasonCode`, `WrapUpReason`, `Team/ReasonCodes`, `TeamMessage`, `Workflow`, …). */
  resource: string;
  resourceId: string;
  /** `request`: a gadget's makeRequest through the proxy (resource `gadgets/proxy`, actor the signed-in user). */
  action: 'create' | 'update' | 'delete' | 'assign' | 'import' | 'request';
  before: string | null;
  after: string | null;
}

/** An audit log row: ids grow in the order the changes were committed. */
export interface AuditEntry extends AuditRecord {
  id: number;
}

/** Which audit entries to read: all filters optional; newest first, ids below `beforeId`, at most `limit`. */
export interface AuditQuery {
  /** Epoch milliseconds, inclusive. */
  since?: number;
  /** Epoch milliseconds, inclusive. */
  until?: number;
  actor?: string;
  resource?: string;
  /** The paging cursor: only entries older (lower id) than this one. */
  beforeId?: number;
  limit: number;
}

/** The named sequences ids are reserved from. */
export type IdSequence = 'call' | 'reasonCode' | 'wrapUpReason' | 'phoneBook' | 'contact' | 'workflowAction' | 'workflow' | 'mediaPropertiesLayout' | 'team';

/** The named values an installation keeps: the SHA-256 of the provisioning file applied last, and the site's settings. */
export type SettingName = 'provisioning.appliedHash' | 'site.requireReasonCodes';

/** An outbox row: its id orders the changes of one agent or dialog as they were committed. */
export interface OutboxEvent {
  id: number;
  at: number;
  origin: string;
  payload: string;
}

/** Why the database refused one write of a batch. */
export type WriteRefusal = 'extension-in-use' | 'stale-version' | 'constraint';

/** A batch failed because of one write; the others may be committed without it. */
export class WriteRefused extends Error {
  constructor(
    readonly index: number,
    readonly reason: WriteRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'WriteRefused';
  }
}

/** Everything openfinesse persists, whichever database holds it. */
export interface Store {
  /** `sqlite` or `postgres`, and where (file or URL without the password). */
  readonly description: { kind: 'sqlite' | 'postgres'; location: string };
  isEmpty(): Promise<boolean>;
  loadTeams(): Promise<Team[]>;
  /** A named value, or null when it was never written. */
  loadSetting(name: SettingName): Promise<string | null>;
  loadUsers(): Promise<StoredUser[]>;
  loadReasonCodes(): Promise<ReasonCode[]>;
  loadWrapUpReasons(): Promise<WrapUpReason[]>;
  /** Every team message in the store (expired ones too, until they are deleted), oldest first. */
  loadTeamMessages(): Promise<TeamMessage[]>;
  loadQueues(): Promise<Queue[]>;
  /** Every phone book with its team assignments, by id. */
  loadPhoneBooks(): Promise<PhoneBook[]>;
  /** The contacts of the books named, by book (in the order named) then id. */
  loadContacts(phoneBookIds: readonly string[]): Promise<Contact[]>;
  /** How many contacts each phone book holds. */
  countContacts(): Promise<ContactCounts>;
  /** Every workflow action, by id. */
  loadWorkflowActions(): Promise<WorkflowAction[]>;
  /** Every workflow with its actions (in order) and its team assignments, by id. */
  loadWorkflows(): Promise<Workflow[]>;
  /** The stored call-variables layouts (DEFAULT only once edited), each with the teams given it. */
  loadMediaPropertiesLayouts(): Promise<MediaPropertiesLayout[]>;
  /** The stored default desktop layout XML; null until an administrator sets one. */
  loadDefaultDesktopLayout(): Promise<string | null>;
  /** The team's own desktop layout XML; null when it uses the default. */
  loadTeamDesktopLayout(teamId: string): Promise<string | null>;
  /** The gadget allow-list; empty until an administrator sets one. */
  loadGadgetAllowList(): Promise<AllowListEntry[]>;
  loadSubscriptions(): Promise<StoredSubscription[]>;
  loadLiveCalls(): Promise<StoredLiveCall[]>;
  /** Finished calls that ended at or after `since` (epoch ms), oldest first, at most `limit`. */
  loadCallRecords(since: number, limit: number): Promise<CallRecord[]>;
  /**
   * Commits the writes in one transaction; resolves once they are durable. When the database refuses one
   * write (a constraint), nothing is committed and the promise rejects with WriteRefused naming it.
   */
  commit(writes: readonly StoreWrite[]): Promise<void>;
  /** The oldest `limit` outbox rows (of the node `origin`, or of every node), by id. */
  loadOutbox(origin: string | null, limit: number): Promise<OutboxEvent[]>;
  /** Removes relayed outbox rows. */
  deleteOutbox(ids: readonly number[]): Promise<void>;
  /**
   * Reserves `count` consecutive ids from the named sequence (call and dialog ids; configuration item ids),
   * unique across processes and never handed out twice; a configuration sequence starts past the highest
   * numeric id of its table and stays past any id written since.
   */
  reserveIds(sequence: IdSequence, count: number): Promise<number>;
  /** Audit log entries, newest first (see AuditQuery). */
  loadAudit(query: AuditQuery): Promise<AuditEntry[]>;
  /** One cheap round trip (`SELECT 1`): resolves when the database answers, rejects when it cannot be used. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
