import type { DomainEvent, EventBus } from '../domain/events.js';
import { updateXml } from '../finesse/update-xml.js';
import { teamUsersNode, userUri } from '../finesse/uris.js';
import { userSummaryXml, userXml } from '../finesse/user-xml.js';
import { ESCAPED_MARKUP, type Markup, XML_MARKUP } from '../finesse/xml-escape.js';
import { notificationPayloadOfEscaped } from './finesse-pubsub.js';

/** Publishes one Update document on one pubsub node (once the change behind it is durable). */
export type Publish = (node: string, updateXml: string) => unknown;

/** Publishes one notification payload (the `<notification>` of `notificationPayload`) on one pubsub node. */
export type PublishPayload = (node: string, payload: string) => unknown;

/** The pubsub publications a domain event causes, each Update document in `markup`'s form. */
function renderedFor(event: DomainEvent, markup: Markup): { node: string; update: string }[] {
  switch (event.type) {
    case 'UserChanged': {
      const source = userUri(event.user.account.loginId);
      return [{ node: source, update: updateXml(userXml(event.user, 'user', markup), 'PUT', event.requestId, source, markup) }];
    }
    case 'TeamMemberChanged': {
      const source = userUri(event.user.account.loginId);
      return [{ node: teamUsersNode(event.teamId), update: updateXml(userSummaryXml(event.user, 'user', markup), 'PUT', event.requestId, source, markup) }];
    }
    default:
      return [];
  }
}

/** The pubsub publications (node, Update document) a domain event causes: what a cluster's other nodes publish. */
export function publicationsFor(event: DomainEvent): { node: string; update: string }[] {
  return renderedFor(event, XML_MARKUP);
}

/**
 * The notification payloads a domain event causes, the Update documents written in their escaped form
 * directly: byte for byte `notificationPayload` of each of `publicationsFor`, without the escaping pass
 * over whole documents on the path of every state change.
 */
export function notificationsFor(event: DomainEvent): { node: string; payload: string }[] {
  return renderedFor(event, ESCAPED_MARKUP).map(({ node, update }) => ({ node, payload: notificationPayloadOfEscaped(update) }));
}

/**
 * Publishes every domain event as Finesse notifications, synchronously and in event order, so the
 * notifications of one node leave in the order of the changes. Returns the unsubscribe function.
 */
export function startNotifier(bus: EventBus, publish: PublishPayload): () => void {
  return bus.subscribe((event) => {
    for (const { node, payload } of notificationsFor(event)) publish(node, payload);
  });
}
