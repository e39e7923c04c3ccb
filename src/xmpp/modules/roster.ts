import type { IqRouter } from '../iq-router.js';
import { NS } from '../namespaces.js';
import type { SessionHandle } from '../session-api.js';
import type { DiscoModule } from './disco.js';

/** Rosters (RFC 6121 §2): there are no contacts to list, so every roster is empty and never changes. */
export function registerRoster<S extends SessionHandle>(router: IqRouter<S>, disco: DiscoModule<S>): void {
  router.register('account', NS.roster, 'query', (iq) =>
    iq.attr('type') === 'get' ? { payload: `<query xmlns='${NS.roster}' ver='empty'/>` } : { error: 'service-unavailable' },
  );
  disco.addFeature(NS.roster);
}
