/**
 * Where a client-to-server session stands (RFC 6120 §4–§7), one value instead of a set of flags:
 *
 * - `opening`: connected, waiting for the client's first stream header;
 * - `negotiating-tls`: `<proceed/>` sent, waiting for the TLS handshake and the new stream header;
 * - `authenticating`: stream open, STARTTLS and SASL negotiation allowed, nothing else;
 * - `restarting`: SASL succeeded, waiting for the restarted stream header;
 * - `binding`: authenticated stream open, only resource binding allowed;
 * - `bound`: a full JID is bound, every stanza allowed;
 * - `closed`: ended, whatever the reason; input is ignored.
 */
export type SessionPhase = 'opening' | 'negotiating-tls' | 'authenticating' | 'restarting' | 'binding' | 'bound' | 'closed';

/** The phases each phase may move to. Every phase may end (`closed`); `closed` is final. */
export const PHASE_TRANSITIONS: Readonly<Record<SessionPhase, readonly SessionPhase[]>> = {
  opening: ['authenticating', 'closed'],
  // A BOSH restart or a repeated header re-opens the stream in the same phase and features are offered again.
  authenticating: ['authenticating', 'negotiating-tls', 'restarting', 'closed'],
  'negotiating-tls': ['authenticating', 'closed'],
  restarting: ['binding', 'closed'],
  binding: ['binding', 'bound', 'closed'],
  bound: ['bound', 'closed'],
  closed: [],
};

/** The phase a stream header moves to, or null where a header is not expected (closed). */
export const PHASE_AFTER_STREAM_OPEN: Readonly<Record<SessionPhase, SessionPhase | null>> = {
  opening: 'authenticating',
  'negotiating-tls': 'authenticating',
  authenticating: 'authenticating',
  restarting: 'binding',
  binding: 'binding',
  bound: 'bound',
  closed: null,
};

export function canTransition(from: SessionPhase, to: SessionPhase): boolean {
  return PHASE_TRANSITIONS[from].includes(to);
}

/** Whether the client's stream is open (a header was answered since the last reset). */
export function isStreamOpen(phase: SessionPhase): boolean {
  return phase === 'authenticating' || phase === 'binding' || phase === 'bound';
}

/** Whether SASL succeeded in this session. */
export function isAuthenticated(phase: SessionPhase): boolean {
  return phase === 'restarting' || phase === 'binding' || phase === 'bound';
}

export class PhaseError extends Error {
  constructor(from: SessionPhase, to: SessionPhase) {
    super(`session phase ${from} cannot move to ${to}`);
    this.name = 'PhaseError';
  }
}
