import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Authenticator } from '../accounts/authenticator.js';
import type { AccessPolicy } from '../application/access-policy.js';
import type { AgentService } from '../application/agent-service.js';
import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { Clock } from '../domain/clock.js';
import type { Directory } from '../domain/directory.js';
import type { CallRecord } from '../domain/call-record.js';
import type { Logger } from '../logging.js';
import type { SimulatedWorld } from '../telephony/simulator.js';
import type { Telephony } from '../telephony/telephony.js';
import type { TrafficGenerator } from '../telephony/traffic-generator.js';
import type { HttpAccess } from './access.js';
import type { Metrics } from './metrics.js';

/** The XMPP transports mounted on the HTTP listeners. */
export interface XmppHttpTransports {
  handleBoshRequest(req: IncomingMessage, res: ServerResponse): void;
  handleWebSocketUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** What the HTTP routes need from the rest of the server. */
export interface HttpContext {
  directory: Directory;
  agents: AgentService;
  authenticator: Authenticator;
  metrics: Metrics;
  logger: Logger;
  clock: Clock;
  domain: string;
  startedAt: number;
  /** Ports as actually bound, for SystemInfo and health. */
  boundPorts(): Record<string, number | null>;
  xmpp: XmppHttpTransports | null;
  telephony: Telephony;
  queues: QueueCatalogue;
  /** Who may see or act on what. */
  policy: AccessPolicy;
  /** The policy's answers as Finesse errors. */
  access: HttpAccess;
  /** The simulated outside world behind the control API; null with a real phone system. */
  callControl: CallControl | null;
  health(): Record<string, unknown>;
  /** Resolves when every change made so far is durable; awaited before a change is acknowledged. */
  syncStore(): Promise<void>;
}

/** What the control API (`/openfinesse/api/calls`, `/traffic`) acts on. */
export interface CallControl {
  world: SimulatedWorld;
  traffic: TrafficGenerator;
  history(since: number, limit: number): CallRecord[];
}
