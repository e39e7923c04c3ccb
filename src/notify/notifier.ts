import type { DomainEvent, EventBus } from '../domain/events.js';
import { updateXml } from '../finesse/update-xml.js';
import { teamUsersNode, userUri } from '../finesse/uris.js';
import { userSummaryXml, userXml } from '../finesse/user-xml.js';
import { notificationPayloadOfEscaped } from './finesse-pubsub.js';
import { UserUpdateTemplates } from './user-update-templates.js';

/** Publishes one Update document on one pubsub node (once the change behind it is durable). */
export type Publish = (node: string, updateXml: string) => unknown;

/** Publishes one notification payload (the `<notification>` of `notificationPayload`) on one pubsub node. */
export type PublishPayload = (node: string, payload: string) => unknown;

/** The pubsub publications (node, Update document) a domain event causes: what a cluster's other nodes publish. */
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
 * The notification payloads of domain events, the Update documents written in their escaped form
 * directly from per-user templates: byte for byte `notificationPayload` of each of `publicationsFor`,
 * without writing the whole documents, and then escaping them, on the path of every state change.
 */
export class NotificationRenderer {
  private readonly templates = new UserUpdateTemplates();

  notificationsFor(event: DomainEvent): { node: string; payload: string }[] {
    switch (event.type) {
      case 'UserChanged':
        return [{ node: userUri(event.user.account.loginId), payload: notificationPayloadOfEscaped(this.templates.user(event.user, event.requestId)) }];
      case 'TeamMemberChanged':
        return [{ node: teamUsersNode(event.teamId), payload: notificationPayloadOfEscaped(this.templates.teamMember(event.user, event.requestId)) }];
      default:
        return [];
    }
  }
}

/**
 * Publishes every domain event as Finesse notifications, synchronously and in event order, so the
 * notifications of one node leave in the order of the changes. Returns the unsubscribe function.
 */
export function startNotifier(bus: EventBus, publish: PublishPayload): () => void {
  const renderer = new NotificationRenderer();
  return bus.subscribe((event) => {
    for (const { node, payload } of renderer.notificationsFor(event)) publish(node, payload);
  });
}
