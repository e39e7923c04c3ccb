import type { IqOutcome, IqRouter } from '../iq-router.js';
import { NS } from '../namespaces.js';
import type { SessionHandle, StreamFeature } from '../session-api.js';

/**
 * Session establishment of RFC 3921 §3, which RFC 6121 dropped but older clients (Strophe, Pidgin) still
 * send: offered as optional, and the request answered with an empty result.
 */
export class LegacySessionFeature<S extends SessionHandle> implements StreamFeature<S> {
  constructor(router: IqRouter<S>) {
    const establish = (iq: { attr(name: string): string | undefined }): IqOutcome =>
      iq.attr('type') === 'set' ? { payload: '' } : { error: 'service-unavailable' };
    router.register('server', NS.session, 'session', establish);
    router.register('account', NS.session, 'session', establish);
  }

  offer(): string {
    return `<session xmlns='${NS.session}'><optional/></session>`;
  }
}
