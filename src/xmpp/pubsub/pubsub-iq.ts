import type { Element } from '../../xml/element.js';
import { attributes } from '../../xml/escape.js';
import type { IqOutcome, IqRouter } from '../iq-router.js';
import { ANY_ELEMENT } from '../iq-router.js';
import { NS } from '../namespaces.js';
import type { XmppAccount } from '../ports.js';
import type { SessionHandle } from '../session-api.js';
import type { PubsubService, Subscription } from './pubsub-service.js';

const NODE_FEATURES = ['subscribe', 'retrieve-subscriptions', 'multi-subscribe'].map((f) => `<feature var='${NS.pubsub}#${f}'/>`).join('');

/**
 * The IQs of the pubsub component (XEP-0060 subscriber use cases, XEP-0030 discovery of the service
 * and its nodes, XEP-0199 ping), registered on the router under the service's own JID.
 */
export function registerPubsubIq<S extends SessionHandle>(router: IqRouter<S>, pubsub: PubsubService): void {
  const component = router.addComponent(pubsub.jid, { missingPayload: 'bad-request' });
  router.register(component, NS.ping, ANY_ELEMENT, (iq) => (iq.attr('type') === 'get' ? { payload: '' } : unavailable()));
  router.register(component, NS.discoInfo, ANY_ELEMENT, (iq, query, session) =>
    iq.attr('type') === 'get' ? discoInfo(query.attr('node'), session.account!, pubsub) : unavailable(),
  );
  router.register(component, NS.discoItems, ANY_ELEMENT, (iq, query, session) =>
    iq.attr('type') === 'get' ? discoItems(query.attr('node'), session.account!, pubsub) : unavailable(),
  );
  router.register(component, NS.pubsub, 'pubsub', (iq, payload, session) => pubsubRequest(iq.attr('type'), payload, session.account!, pubsub));
}

const unavailable = (): IqOutcome => ({ error: 'service-unavailable' });

const failed = (error: string, pubsubCondition?: string): IqOutcome =>
  pubsubCondition ? { error, extra: `<${pubsubCondition} xmlns='${NS.pubsubErrors}'/>` } : { error };

function pubsubRequest(type: string | undefined, payload: Element, account: XmppAccount, pubsub: PubsubService): IqOutcome {
  const action = payload.children[0];
  if (!action) return failed('bad-request');
  const node = action.attr('node');
  if (type === 'get' && action.localName === 'subscriptions') {
    return {
      payload: `<pubsub xmlns='${NS.pubsub}'><subscriptions${attributes({ node })}>${pubsub.subscriptionsOf(account, node).map(subscriptionXml).join('')}</subscriptions></pubsub>`,
    };
  }
  if (type === 'set' && (action.localName === 'subscribe' || action.localName === 'unsubscribe')) {
    if (node === undefined || node === '') return failed('bad-request', 'nodeid-required');
    const jid = action.attr('jid');
    if (jid === undefined) return failed('bad-request', 'invalid-jid');
    const result = action.localName === 'subscribe' ? pubsub.subscribe(account, node, jid) : pubsub.unsubscribe(account, node, jid, action.attr('subid'));
    if (!result.ok) return failed(result.condition, result.pubsubCondition);
    const after = result.durable ? { after: result.durable } : {};
    if (action.localName === 'unsubscribe') return { payload: '', ...after };
    return { payload: `<pubsub xmlns='${NS.pubsub}'>${subscriptionXml(result.subscription)}</pubsub>`, ...after };
  }
  return failed('feature-not-implemented', 'unsupported');
}

function subscriptionXml(s: Subscription): string {
  return `<subscription${attributes({ node: s.node, jid: s.jid, subid: s.subid, subscription: 'subscribed' })}/>`;
}

function discoInfo(node: string | undefined, account: XmppAccount, pubsub: PubsubService): IqOutcome {
  if (node === undefined) {
    return {
      payload:
        `<query xmlns='${NS.discoInfo}'><identity category='pubsub' type='service'${attributes({ name: pubsub.name })}/>` +
        `<feature var='${NS.discoInfo}'/><feature var='${NS.discoItems}'/><feature var='${NS.pubsub}'/>${NODE_FEATURES}</query>`,
    };
  }
  if (!subscribable(pubsub, node, account)) return failed('item-not-found');
  return {
    payload: `<query xmlns='${NS.discoInfo}'${attributes({ node })}><identity category='pubsub' type='leaf'/><feature var='${NS.pubsub}'/>${NODE_FEATURES}</query>`,
  };
}

function discoItems(node: string | undefined, account: XmppAccount, pubsub: PubsubService): IqOutcome {
  if (node === undefined) {
    const items = pubsub.policy.visibleTo(account).map((n) => `<item${attributes({ jid: pubsub.jid, node: n, name: n })}/>`);
    return { payload: `<query xmlns='${NS.discoItems}'>${items.join('')}</query>` };
  }
  if (!subscribable(pubsub, node, account)) return failed('item-not-found');
  return { payload: `<query xmlns='${NS.discoItems}'${attributes({ node })}/>` };
}

/** Discovery shows a node only to those who may subscribe to it; to everyone else it does not exist. */
function subscribable(pubsub: PubsubService, node: string, account: XmppAccount): boolean {
  const access = pubsub.policy.access(node, account);
  return access === 'automatic' || access === 'explicit';
}
