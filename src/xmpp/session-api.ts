import type { Element } from '../xml/element.js';
import type { XmppAccount } from './ports.js';
import type { SessionPhase } from './session-phase.js';
import type { Transport } from './transport.js';

/** What the session registry, the broadcaster and stanza routing need of a bound session. */
export interface BoundSession {
  readonly account: XmppAccount | undefined;
  readonly bareJid: string;
  readonly resource: string;
  readonly fullJid: string;
  /** Set by the registry when the session's initial presence is accepted. */
  available: boolean;
  priority: number;
  send(xml: string): void;
  /** Queues a publication: a per-recipient head plus bytes shared by every recipient. */
  deliver(head: string, shared: Buffer): void;
  close(condition?: string, text?: string): void;
}

/** The session as the stream features and stanza modules see it. */
export interface SessionHandle extends BoundSession {
  readonly phase: SessionPhase;
  readonly streamId: string;
  readonly transport: Transport;
  /** The last available presence the client sent (for probes), null while unavailable. */
  presence: Element | null;
  /** SASL succeeded for `account`: the stream restarts (phase `restarting`). */
  authenticated(account: XmppAccount, bareJid: string): void;
  /** The resource is bound (phase `bound`). */
  bound(resource: string): void;
  /** Moves to another phase, as the transition table allows. */
  moveTo(phase: SessionPhase): void;
}

/**
 * A stream feature (RFC 6120 §4.3): what it adds to `<stream:features>` and, for the features negotiated
 * before authentication, the negotiation elements it answers.
 */
export interface StreamFeature<S extends SessionHandle = SessionHandle> {
  /** The feature element offered to this session now, or '' when the feature is not offered. */
  offer(session: S): string;
  /** Handles a negotiation element when it is this feature's; false when it is not. */
  negotiate?(element: Element, session: S): boolean;
}

/** Handles one kind of top-level stanza (`message`, `presence`, `iq`). */
export type StanzaHandler<S extends SessionHandle = SessionHandle> = (stanza: Element, session: S) => void;
