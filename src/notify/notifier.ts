import type { DomainEvent, EventBus } from '../domain/events.js';
import { updateXml } from '../finesse/update-xml.js';
import { teamUsersNode, userUri } from '../finesse/uris.js';
import { userSummaryXml, userXml } from '../finesse/user-xml.js';

/** Publishes one Update document on one pubsub node (once the change behind it is durable). */
export type Publish = (node: string, updateXml: string) => unknown;

/** The pubsub publications (node, Update document) a domain event causes. */
export function publicationsFor(event: DomainEvent): { node: string; update: string }[] {
  switch (event.type) {
    case 'UserChanged': {
      const source = userUri(event.user.account.loginId);
      return [{ node: source, update: updateXml(userXml(event.user, 'user'), 'PUT', event.requestId, source) }];
    }
    case 'TeamMemberChanged': {
      const source = userUri(event.user.account.loginId);
      return [{ node: teamUsersNode(event.teamId), update: updateXml(userSummaryXml(event.user, 'user'), 'PUT', event.requestId, source) }];
    }
    default:
      return [];
  }
}

/**
 * Publishes every domain event as Finesse notifications, synchronously and in event order, so the
 * notifications of one node leave in the order of the changes. Returns the unsubscribe function.
 */
export function startNotifier(bus: EventBus, publish: Publish): () => void {
  return bus.subscribe((event) => {
    for (const { node, update } of publicationsFor(event)) publish(node, update);
  });
}
