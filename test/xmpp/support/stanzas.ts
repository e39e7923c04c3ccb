import { parse } from 'ltx';
import type { Element } from 'ltx';

export type { Element };

export function parseXml(text: string): Element {
  return parse(text) as Element;
}

export interface Notification {
  node: string;
  itemId: string;
  to: string;
  update: Element;
  /** The `<Update>` document exactly as carried (unescaped once). */
  updateText: string;
}

/** The Finesse notification a pubsub event message carries, or null for any other stanza. */
export function notificationOf(stanza: Element): Notification | null {
  if (stanza.name !== 'message' || stanza.attrs.from?.startsWith('pubsub.') !== true) return null;
  const items = stanza.getChild('event', 'http://jabber.org/protocol/pubsub#event')?.getChild('items');
  const item = items?.getChild('item');
  const notification = item?.getChild('notification', 'http://jabber.org/protocol/pubsub');
  if (!items || !item || !notification) return null;
  const updateText = notification.getText();
  return { node: items.attrs.node ?? '', itemId: item.attrs.id ?? '', to: stanza.attrs.to ?? '', update: parseXml(updateText), updateText };
}

export function isNotificationFor(node: string) {
  return (stanza: Element): boolean => notificationOf(stanza)?.node === node;
}

/** The text of `<data>/<root>/<field>` in an Update. */
export function updateField(notification: Notification, field: string): string | undefined {
  const data = notification.update.getChild('data');
  const root = data?.children.find((c): c is Element => typeof c !== 'string');
  return root?.getChildText(field) ?? undefined;
}
