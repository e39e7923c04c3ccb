import { Element, serialize } from '../../xml/element.js';
import { bareJid, parseJid } from '../jid.js';
import type { SessionHandle } from '../session-api.js';
import type { SessionRegistry } from '../session-registry.js';

/**
 * Messages between local users (RFC 6121 §8, reduced): to a full JID, that resource; to a bare JID,
 * every available resource with a non-negative priority. Stamped with the sender's full JID; nothing is
 * stored for offline users and no error is returned.
 */
export class MessageModule<S extends SessionHandle> {
  constructor(private readonly registry: SessionRegistry<S>) {}

  readonly onMessage = (message: Element, session: S): void => {
    const to = message.attr('to');
    const target = to === undefined ? null : parseJid(to);
    if (!target || target.local === '') return;
    const bare = bareJid(target);
    const recipients = target.resource
      ? [this.registry.find(bare, target.resource)]
      : [...this.registry.resourcesOf(bare)].filter((s) => s.available && s.priority >= 0);
    const { xmlns: _ignored, ...attrs } = message.attributes;
    const stamped = new Element(message.name, { ...attrs, from: session.fullJid });
    for (const node of message.content) stamped.append(node);
    const xml = serialize(stamped);
    for (const recipient of recipients) recipient?.send(xml);
  };
}
