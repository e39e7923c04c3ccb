import type { Element } from './xml/element.js';
import { NS } from './namespaces.js';

/** Replies to the IQs the server answers itself; `undefined` means "not mine" (service-unavailable). */
export function serverIqPayload(iq: Element, target: 'server' | 'account', domain: string): string | undefined {
  const type = iq.attr('type');
  const payload = iq.elements()[0];
  if (!payload) return undefined;
  const ns = payload.attr('xmlns');
  if (type === 'get' && ns === NS.ping && payload.localName === 'ping') return '';
  if (type === 'set' && ns === NS.session && payload.localName === 'session') return '';
  if (type === 'get' && ns === NS.roster && payload.localName === 'query' && target === 'account') return `<query xmlns='${NS.roster}' ver='empty'/>`;
  if (type === 'get' && ns === NS.discoInfo && payload.localName === 'query' && payload.attr('node') === undefined) {
    if (target === 'server') {
      return (
        `<query xmlns='${NS.discoInfo}'><identity category='server' type='im' name='openfinesse'/>` +
        `<feature var='${NS.discoInfo}'/><feature var='${NS.discoItems}'/><feature var='${NS.ping}'/>` +
        `<feature var='${NS.roster}'/></query>`
      );
    }
    return `<query xmlns='${NS.discoInfo}'><identity category='account' type='registered'/><feature var='${NS.discoInfo}'/></query>`;
  }
  if (type === 'get' && ns === NS.discoItems && payload.localName === 'query' && payload.attr('node') === undefined) {
    if (target === 'server') return `<query xmlns='${NS.discoItems}'><item jid='pubsub.${domain}' name='Finesse notifications'/></query>`;
    return `<query xmlns='${NS.discoItems}'/>`;
  }
  return undefined;
}
