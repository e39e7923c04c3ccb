/**
 * What the XMPP server needs from the application around it, as small structural interfaces: the
 * server imports nothing of the rest of openfinesse, and the rest passes in what fits these shapes.
 */

/** An authenticated account as XMPP knows it: only its id (the JID's localpart, before case folding). */
export interface XmppAccount {
  readonly loginId: string;
}

export interface Timer {
  cancel(): void;
}

/** Time source; tests pass a manual clock. */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, fn: () => void): Timer;
}

export interface Logger {
  error(details: object, message: string): void;
}

/** Limits on what one connection, session or account may cost. */
export interface XmppLimits {
  /** Largest stanza accepted, in bytes; larger ones end the stream with policy-violation. */
  maxStanzaBytes: number;
  maxDepth: number;
  /** Seconds a connection may take to authenticate. */
  authTimeoutSeconds: number;
  /** Seconds without any traffic (including whitespace pings) before a session is closed. */
  idleTimeoutSeconds: number;
  /** Stanzas per second one connection may send (token bucket, burst = 2 × rate). */
  stanzasPerSecond: number;
  maxConnectionsPerIp: number;
  maxBoshSessions: number;
  /** Bytes queued for one session before it is closed as too slow. */
  maxQueuedBytes: number;
  /** Notifications kept for an account whose sessions are bound but not yet available: at most this many, */
  pendingMaxItems: number;
  /** this many bytes, */
  pendingMaxBytes: number;
  /** and this old. */
  pendingMaxAgeSeconds: number;
}

/**
 * Whether one more connection from an address may open: the connections from one address are capped
 * (`maxConnectionsPerIp`), on this server alone or across the servers that share the cap.
 */
export interface ConnectionAdmission {
  /** Counts a connection from the address and answers true, or answers false (the cap is reached) and counts nothing. */
  admit(address: string): boolean;
  /** A connection that was admitted from the address has ended. */
  release(address: string): void;
}
