import { escapeText } from '../xml/escape.js';

/**
 * How Finesse's notification service differs from a plain XEP-0060 service on the wire (reference §9.4):
 * the item carries the `<Update>` document escaped, as the text of a `<notification>` in the pubsub
 * namespace; the service is named "Finesse notifications"; and `finesse@<domain>` is a contact that every
 * user sees available.
 */
export const FINESSE_PUBSUB_NAME = 'Finesse notifications';

const NOTIFICATION_OPEN = `<notification xmlns='http://jabber.org/protocol/pubsub'>`;

/** The item payload carrying one `<Update>` document. */
export function notificationPayload(updateXml: string): string {
  return notificationPayloadOfEscaped(escapeText(updateXml));
}

/** The item payload of an `<Update>` document already written in its escaped form (`ESCAPED_MARKUP`). */
export function notificationPayloadOfEscaped(escapedUpdate: string): string {
  return `${NOTIFICATION_OPEN}${escapedUpdate}</notification>`;
}

/** Finesse's own account on the XMPP server: always available, it greets each newly available resource. */
export function finesseContact(domain: string): string {
  return `finesse@${domain}`;
}
