import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connect } from '@nats-io/transport-node';
import { connectionFailure, jetStreamMissing, worthRetrying } from './nats-errors.js';
import type { NatsAddress } from './nats-url.js';

export interface ClusterConnectionOptions {
  address: NatsAddress;
  /** The connection's name on the NATS server (its monitoring pages show it): the node id. */
  name: string;
  /** How long the start may keep trying before it gives up; the server may be starting too. */
  startDeadlineMs?: number;
}

/** The connection was lost (`connected: false`) or is back, to `server` (host:port). */
export interface ConnectionChange {
  connected: boolean;
  server: string;
}

const START_DEADLINE_MS = 10_000;
const START_RETRY_MS = 500;
/** Once connected, a lost connection is retried forever, this long apart (plus the client's jitter). */
const RECONNECT_WAIT_MS = 2_000;
/** Pings find a silently dead server (no reset, e.g. a network partition) after about two of these. */
const PING_INTERVAL_MS = 10_000;

/**
 * This node's connection to the cluster's NATS server with JetStream: the NATS connection, a JetStream
 * client and manager, and whether the connection is up now (the client reconnects on its own, forever).
 */
export class ClusterConnection {
  private up = true;
  private closing = false;
  private readonly listeners = new Set<(change: ConnectionChange) => void>();
  private readonly watching: Promise<void>;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly address: NatsAddress,
  ) {
    this.watching = this.watchStatus();
  }

  /** Connects (retrying for a while when the server is not up yet) and checks that JetStream is enabled. */
  static async open(options: ClusterConnectionOptions): Promise<ClusterConnection> {
    const { address } = options;
    const nc = await connectWithin(options, options.startDeadlineMs ?? START_DEADLINE_MS);
    try {
      const jsm = await jetstreamManager(nc);
      return new ClusterConnection(nc, jetstream(nc), jsm, address);
    } catch (error) {
      await nc.close();
      throw jetStreamMissing(error, address.server);
    }
  }

  /** Whether the connection is up now (it is down between a loss and the reconnection). */
  get connected(): boolean {
    return this.up && !this.closing;
  }

  /** Calls `listener` whenever the connection is lost or comes back; returns the way to stop. */
  onChange(listener: (change: ConnectionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets what is in flight finish (drain) and closes; a connection that is down is simply closed. */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.nc.isClosed()) {
      try {
        await this.nc.drain();
      } catch {
        await this.nc.close();
      }
    }
    await this.watching;
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') this.change(status.type === 'reconnect', status.server);
      else if (status.type === 'close') this.change(false, this.address.server);
    }
  }

  private change(connected: boolean, server: string): void {
    if (this.up === connected) return;
    this.up = connected;
    if (this.closing) return;
    for (const listener of this.listeners) listener({ connected, server });
  }
}

async function connectWithin({ address, name }: ClusterConnectionOptions, deadlineMs: number): Promise<NatsConnection> {
  const started = Date.now();
  for (;;) {
    const left = started + deadlineMs - Date.now();
    try {
      return await connect({
        servers: address.server,
        name,
        ...credentialsOf(address),
        ...(address.tls ? { tls: {} } : {}),
        timeout: Math.max(left, 1_000),
        maxReconnectAttempts: -1,
        reconnectTimeWait: RECONNECT_WAIT_MS,
        // A rejected password is retried too: credentials fixed on the server side let the node back in.
        ignoreAuthErrorAbort: true,
        pingInterval: PING_INTERVAL_MS,
      });
    } catch (error) {
      if (!worthRetrying(error) || left <= START_RETRY_MS) throw connectionFailure(error, address.server, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, START_RETRY_MS));
    }
  }
}

function credentialsOf({ user, pass, token }: NatsAddress): { user?: string; pass?: string; token?: string } {
  if (token) return { token };
  return user ? { user, pass } : {};
}
