import type { ClusterMembers } from '../application/ports/cluster-members.js';
import type { DurableTimers } from '../application/ports/durable-timers.js';
import type { Leadership } from '../application/ports/leadership.js';
import { LocalTimers } from '../application/local-timers.js';
import { LostDesktopWatcher } from '../application/lost-desktop.js';
import { ClusterPresence } from '../cluster/cluster-presence.js';
import { NatsTimers } from '../cluster/nats-timers.js';
import type { Lifecycle } from '../lifecycle.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/** How often a node compares the live members with the last ones it saw, to notice one that died. */
const DEAD_NODE_CHECK_MS = 2_000;
/**
 * How long a follower remembers the desktops a dead node took, for the case that the dead node was the
 * leader and this node takes over: a lease lapses within ~12 s of its holder's death, so after a minute
 * the new leader has long handled them, and a much later leadership must not count them down again.
 */
const ORPHANS_KEPT_MS = 60_000;

/**
 * The durable timers and the lost-desktop watcher that uses them. Alone: the XMPP server's own sessions
 * and timers in memory. In a cluster: sessions on every node (ClusterPresence), timers in NATS fired by
 * the leader, and the sessions of a node that died counted as lost — the leader starts the count-down of
 * every signed-in agent who has no session left anywhere (a node that was not leading then remembers
 * them, in case it becomes the leader).
 */
export async function startLostDesktops(
  life: Lifecycle,
  core: Core,
  xmpp: XmppServer,
  leadership: Leadership,
  members: ClusterMembers,
): Promise<DurableTimers> {
  const { cluster, clock, config, agents, logger, metrics } = core;
  const timers = await life.start(
    'durable timers',
    async () => {
      if (!cluster) return new LocalTimers(clock);
      const onError = (err: unknown): void => logger.warn({ event: 'cluster.timers_failed', err }, 'a durable timer could not be written or read');
      const nats = new NatsTimers(cluster.connection.js, clock, leadership, onError);
      await nats.start();
      return nats;
    },
    (t) => t.close(),
  );
  metrics.observeLeadership({ leads: () => leadership.leads, timersPending: () => timers.pending });
  await life.start(
    'lost-desktop watcher',
    () => {
      const presence = cluster ? new ClusterPresence(cluster.connection.nc, cluster.nodeId, xmpp) : null;
      const watcher = new LostDesktopWatcher(presence ?? xmpp, agents, timers, clock, config);
      const stopWatchingNodes = presence ? watchDeadNodes(presence, members, leadership, watcher, core) : () => {};
      return () => {
        stopWatchingNodes();
        watcher.stop();
        presence?.close();
      };
    },
    (stop) => stop(),
  );
  return timers;
}

function watchDeadNodes(presence: ClusterPresence, members: ClusterMembers, leadership: Leadership, watcher: LostDesktopWatcher, core: Core): () => void {
  let known = new Set<string>();
  const orphaned = new Map<string, number>();
  const countDown = (loginIds: Iterable<string>): void => {
    for (const loginId of loginIds) if (!presence.isAvailable(loginId)) watcher.arm(loginId);
  };
  const check = (): void => {
    const live = new Set(members.list().map((m) => m.nodeId));
    for (const node of known) {
      if (live.has(node)) continue;
      const lost = presence.dropNode(node);
      core.logger.warn({ event: 'cluster.node_lost', node, sessionsLost: lost.length }, 'a node left the cluster; its desktops count as lost');
      if (leadership.leads) countDown(lost);
      else for (const loginId of lost) orphaned.set(loginId, Date.now());
    }
    known = live;
    for (const [loginId, at] of orphaned) if (Date.now() - at > ORPHANS_KEPT_MS) orphaned.delete(loginId);
  };
  leadership.onChange((leads) => {
    if (!leads) return;
    countDown(orphaned.keys());
    orphaned.clear();
  });
  const interval = setInterval(check, DEAD_NODE_CHECK_MS);
  interval.unref();
  return () => clearInterval(interval);
}
