import { randomBytes } from 'node:crypto';
import type { Element } from '../../xml/element.js';
import { escapeText } from '../../xml/escape.js';
import type { IqOutcome } from '../iq-router.js';
import { iqRequestType } from '../iq-router.js';
import { isValidResource } from '../jid.js';
import { NS } from '../namespaces.js';
import { errorReply, resultIq } from '../replies.js';
import type { SessionHandle, StreamFeature } from '../session-api.js';
import type { SessionRegistry } from '../session-registry.js';

/**
 * Resource binding (RFC 6120 §7): the only request an authenticated stream may make before it is bound.
 * A session bound to a full JID already in use replaces the older one, which ends with `conflict`.
 */
export class BindFeature<S extends SessionHandle> implements StreamFeature<S> {
  constructor(
    private readonly registry: SessionRegistry<S>,
    private readonly domain: string,
    /** Resources the server picks start with this. */
    private readonly resourcePrefix = 'openfinesse-',
  ) {}

  offer(): string {
    return `<bind xmlns='${NS.bind}'/>`;
  }

  /** An IQ of a session that is not bound yet: only `set` with `<bind/>` is allowed. */
  onIqBeforeBind(iq: Element, session: S): void {
    const type = iqRequestType(iq, session, this.domain);
    if (type === null) return;
    const payload = iq.children[0];
    if (type === 'set' && payload?.localName === 'bind' && payload.attr('xmlns') === NS.bind) return this.bind(iq, payload, session);
    session.send(errorReply(iq, undefined, session.fullJid || session.bareJid || this.domain, 'not-authorized'));
  }

  /** A bound session asking to bind again. */
  readonly again = (): IqOutcome => ({ error: 'not-allowed' });

  private bind(iq: Element, bindElement: Element, session: S): void {
    const requested = bindElement.child('resource')?.text.trim() ?? '';
    if (requested !== '' && !isValidResource(requested)) return session.send(errorReply(iq, undefined, session.bareJid, 'bad-request'));
    session.bound(requested || `${this.resourcePrefix}${randomBytes(6).toString('hex')}`);
    const previous = this.registry.bind(session, session.bareJid, session.resource);
    previous?.close('conflict', 'replaced by a new session');
    session.send(resultIq(iq.attr('id')!, undefined, session.fullJid, `<bind xmlns='${NS.bind}'><jid>${escapeText(session.fullJid)}</jid></bind>`));
  }
}
