import { randomUUID } from 'node:crypto';
import type { DurableTimers } from '../application/ports/durable-timers.js';
import { TeamMessages } from '../application/team-messages.js';
import type { Lifecycle } from '../lifecycle.js';
import { teamMessagePublications } from '../notify/team-message-notifier.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/**
 * Team messages and their notifications. A message's notifications leave once it is durable, from this
 * node and — in a cluster, through the outbox — from every other node, since the team's agents may be on
 * any. Its expiry is a durable timer (in a cluster fired by the leader); at start, messages that expired
 * meanwhile are dropped and the others' timers armed again.
 */
export async function startTeamMessages(life: Lifecycle, core: Core, xmpp: XmppServer, timers: DurableTimers): Promise<TeamMessages> {
  const { directory, policy, commits, store, clock, logger } = core;
  const creator = (loginId: string) => directory.findUserByLoginId(loginId);
  const messages = new TeamMessages({
    directory,
    policy,
    commits,
    store,
    timers,
    clock,
    newId: randomUUID,
    announce: (message, event) => {
      const publications = teamMessagePublications(message, event, creator);
      commits.afterCommit(() => {
        for (const { node, update } of publications) xmpp.pubsub.publish(node, update);
      });
      core.changes?.outbox.record({ publications }, clock.now());
    },
  });
  const started = await life.start('team messages', () => messages.start());
  if (started.dropped > 0 || started.armed > 0) logger.info({ event: 'team_messages.restored', ...started }, 'team messages restored');
  return messages;
}
