import type { Element } from '../../xml/element.js';
import { escapeText, escapeXml } from '../../xml/escape.js';
import { serialize } from '../../xml/element.js';
import { bareJid, parseJid } from '../jid.js';
import type { LocalBroadcaster } from '../local-broadcaster.js';
import type { SessionHandle } from '../session-api.js';
import type { SessionRegistry } from '../session-registry.js';

export interface PresenceOptions<S extends SessionHandle> {
  registry: SessionRegistry<S>;
  broadcaster: LocalBroadcaster<S>;
  /**
   * A bare JID every user sees available (Finesse's `finesse@<domain>`): it answers probes and greets each
   * resource that becomes available; null for none.
   */
  serviceContact: string | null;
}

/**
 * Presence without rosters (RFC 6121 §4, reduced): a resource's own presence goes to every available
 * resource of the same account, itself included; probes are answered for the account itself and for
 * the service contact; directed presence and subscription requests are accepted and ignored. Initial
 * presence makes the resource available, which hands it the notifications kept for the account.
 */
export class PresenceModule<S extends SessionHandle> {
  constructor(private readonly options: PresenceOptions<S>) {}

  readonly onPresence = (presence: Element, session: S): void => {
    const type = presence.attr('type');
    const to = presence.attr('to');
    if (to !== undefined) {
      if (type === 'probe') this.answerProbe(session, to);
      return; // directed presence and subscription requests have no roster to act on
    }
    if (type === undefined) return this.available(presence, session);
    if (type === 'unavailable') {
      if (!session.available) return;
      this.broadcastOwn(session, `<presence type='unavailable' from='${escapeXml(session.fullJid)}'`, childrenXml(presence));
      this.options.registry.markUnavailable(session);
      session.presence = null;
    }
  };

  /** A bound session ended: its resource goes unavailable for the account's other resources. */
  sessionEnded(session: S): void {
    if (session.available) this.broadcastOwn(session, `<presence type='unavailable' from='${escapeXml(session.fullJid)}'`, '');
  }

  private available(presence: Element, session: S): void {
    const { registry, broadcaster, serviceContact } = this.options;
    const priority = Number.parseInt(presence.child('priority')?.text ?? '0', 10);
    session.priority = Number.isFinite(priority) ? Math.max(-128, Math.min(127, priority)) : 0;
    session.presence = presence;
    const wasAvailable = session.available;
    registry.markAvailable(session);
    this.broadcastOwn(session, `<presence from='${escapeXml(session.fullJid)}'`, childrenXml(presence));
    if (!wasAvailable && serviceContact !== null) session.send(`<presence from='${serviceContact}' to='${escapeXml(session.fullJid)}'/>`);
    broadcaster.deliverPending(session);
  }

  /** Sends this resource's presence to every available resource of the same account, itself included. */
  private broadcastOwn(session: S, head: string, children: string): void {
    for (const other of this.options.registry.resourcesOf(session.bareJid)) {
      if (!other.available && other !== session) continue;
      other.send(`${head} to='${escapeXml(other.fullJid)}'${children ? `>${children}</presence>` : '/>'}`);
    }
  }

  private answerProbe(session: S, to: string): void {
    const target = parseJid(to);
    const me = escapeXml(session.fullJid);
    if (!target) return;
    const bare = bareJid(target);
    if (bare === session.bareJid) {
      for (const own of this.options.registry.resourcesOf(session.bareJid)) {
        if (own.available) session.send(`<presence from='${escapeXml(own.fullJid)}' to='${me}'>${childrenXml(own.presence)}</presence>`);
      }
      return;
    }
    if (bare === this.options.serviceContact) return session.send(`<presence from='${escapeXml(bare)}' to='${me}'/>`);
    session.send(`<presence type='unavailable' from='${escapeXml(bare)}' to='${me}'/>`);
  }
}

/** The children of a presence as received: text escaped as text, elements re-serialized. */
function childrenXml(el: Element | null): string {
  if (!el) return '';
  let out = '';
  for (const c of el.content) out += typeof c === 'string' ? escapeText(c) : serialize(c);
  return out;
}
