import { LoginGuard } from '../accounts/login-guard.js';
import type { AccountLocked, LockoutCounters } from '../application/ports/lockout-counters.js';
import { NatsLockouts } from '../cluster/nats-lockouts.js';
import type { ServerConfig } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import type { ClusterNode } from './cluster.js';

/**
 * The failed sign-ins of every account: in memory when the server runs alone; in a cluster, in NATS,
 * so that failures on any node lock the account on every node (counted on this node alone while NATS
 * is away). Every node logs each lock it learns of.
 */
export async function startLockouts(
  life: Lifecycle,
  cluster: ClusterNode | null,
  config: ServerConfig,
  clock: Clock,
  logger: Logger,
): Promise<LockoutCounters> {
  const onLocked = ({ loginId, failures, lockedUntil, node }: AccountLocked): void => {
    const seconds = Math.round((lockedUntil - clock.now()) / 1000);
    const where = node ? { countedOn: node } : {};
    logger.warn(
      { event: 'account.locked', loginId, failures, lockedUntil: new Date(lockedUntil).toISOString(), ...where },
      `account locked for ${seconds} s after ${failures} failed sign-ins`,
    );
  };
  const local = new LoginGuard(clock, config.lockout, onLocked);
  if (!cluster) return local;
  const { connection, nodeId } = cluster;
  return life.start(
    'lockout counters',
    async () => {
      const lockouts = new NatsLockouts(connection.js, {
        clock,
        policy: config.lockout,
        nodeId,
        fallback: local,
        connected: () => connection.connected,
        onLocked,
        onUnshared: (err) =>
          logger.warn(
            { event: 'cluster.lockouts_unshared', err },
            'failed sign-ins cannot be shared through NATS; counting them on this node alone until it is back',
          ),
        onShared: () => logger.info({ event: 'cluster.lockouts_shared' }, 'failed sign-ins are shared through NATS again'),
      });
      await lockouts.start();
      return lockouts;
    },
    (l) => l.close(),
  );
}
