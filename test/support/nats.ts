import type { NatsServer } from '../../scripts/support/nats-server.js';
import { startNatsServer } from '../../scripts/support/nats-server.js';

/**
 * Throwaway NATS servers with JetStream for the tests (`scripts/support/nats-server.ts`: Debian's
 * `nats-server`, a free port, killed and removed when the process exits). `natsServer()` is the one server
 * of this test process, started on first use; `startNatsServer()` gives a test a server of its own (to stop
 * and restart under a running node, or one without JetStream or with a password).
 */

export type { NatsServer, NatsServerOptions } from '../../scripts/support/nats-server.js';
export { natsServerBin, startNatsServer } from '../../scripts/support/nats-server.js';

let shared: Promise<NatsServer> | null = null;

/** The NATS server (with JetStream) of this test process, started on first use. */
export function natsServer(): Promise<NatsServer> {
  shared ??= startNatsServer();
  return shared;
}
