import type { LockoutPolicy } from './accounts/login-guard.js';
import type { NumberPlanSettings } from './telephony/number-plan.js';
import { DEFAULT_NUMBER_PLAN } from './telephony/number-plan.js';

/** A listener port: a number (0 = any free port) or null when the listener is off. */
export type Port = number | null;

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

export interface ServerConfig {
  dataDir: string;
  configFile: string | null;
  demo: boolean;
  host: string;
  domain: string;
  httpPort: Port;
  httpsPort: Port;
  xmppPort: Port;
  boshPort: Port;
  boshTlsPort: Port;
  tlsCert: string | null;
  tlsKey: string | null;
  requireReasonCodes: boolean;
  lockout: LockoutPolicy;
  xmppRequireTls: boolean;
  /** Whether SASL PLAIN is offered on an unencrypted stream (the classic Pidgin lab needs it). */
  xmppAllowPlainWithoutTls: boolean;
  xmppLimits: XmppLimits;
  /** Seconds after the last XMPP session of a signed-in agent disappears before the loss is noticed. */
  lostDesktopDetectSeconds: number;
  /** Further seconds of grace before the agent is signed out with reason 255. */
  lostDesktopGraceSeconds: number;
  maxBodyBytes: number;
  logLevel: string;
  /** The built-in phone system: external answer delay and the documented busy / invalid / no-answer numbers. */
  telephony: NumberPlanSettings;
}

export const DEFAULT_XMPP_LIMITS: XmppLimits = {
  maxStanzaBytes: 256 * 1024,
  maxDepth: 32,
  authTimeoutSeconds: 30,
  idleTimeoutSeconds: 300,
  stanzasPerSecond: 200,
  maxConnectionsPerIp: 5000,
  maxBoshSessions: 10_000,
  maxQueuedBytes: 4 * 1024 * 1024,
  pendingMaxItems: 100,
  pendingMaxBytes: 256 * 1024,
  pendingMaxAgeSeconds: 60,
};

export const DEFAULT_CONFIG: ServerConfig = {
  dataDir: './data',
  configFile: null,
  demo: false,
  host: '127.0.0.1',
  domain: 'localhost',
  httpPort: 8082,
  httpsPort: 8445,
  xmppPort: 5222,
  boshPort: 7071,
  boshTlsPort: 7443,
  tlsCert: null,
  tlsKey: null,
  requireReasonCodes: false,
  lockout: { maxFailures: 5, lockMs: 5 * 60_000 },
  xmppRequireTls: false,
  xmppAllowPlainWithoutTls: true,
  xmppLimits: DEFAULT_XMPP_LIMITS,
  lostDesktopDetectSeconds: 120,
  lostDesktopGraceSeconds: 60,
  maxBodyBytes: 64 * 1024,
  logLevel: 'info',
  telephony: DEFAULT_NUMBER_PLAN,
};
