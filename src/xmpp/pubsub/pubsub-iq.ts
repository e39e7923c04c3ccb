import type { UserAccount } from '../../domain/model.js';
import { NS } from '../namespaces.js';
import { attributes } from '../xml/element.js';
import type { Element } from '../xml/element.js';
import type { PubsubService, Subscription } from './pubsub-service.js';

export type PubsubIqOutcome = { payload: string } | { error: string; pubsubCondition?: string };

const NODE_FEATURES = ['subscribe', 'retrieve-subscriptions', 'multi-subscribe'].map((f) => `<feature var='${NS.pubsub}#${f}'/>`).join('');

/** Answers an IQ addressed to `pubsub.<domain>` on behalf of `account`. */
export function handlePubsubIq(iq: Element, account: UserAccount, pubsub: PubsubService): PubsubIqOutcome {
  const type = iq.attr('type');
  const payload = iq.elements()[0];
  if (!payload || (type !== 'get' && type !== 'set')) return { error: 'bad-request' };
  const ns = payload.attr('xmlns');
  if (type === 'get' && ns === NS.ping) return { payload: '' };
  if (type === 'get' && ns === NS.discoInfo) return discoInfo(payload.attr('node'), account, pubsub);
  if (type === 'get' && ns === NS.discoItems) return discoItems(payload.attr('node'), account, pubsub);
  if (ns !== NS.pubsub || payload.localName !== 'pubsub') return { error: 'service-unavailable' };
  const action = payload.elements()[0];
  if (!action) return { error: 'bad-request' };
  const node = action.attr('node');
  if (type === 'get' && action.localName === 'subscriptions') {
    return { payload: `<pubsub xmlns='${NS.pubsub}'><subscriptions${attributes({ node })}>${pubsub.subscriptionsOf(account, node).map(subscriptionXml).join('')}</subscriptions></pubsub>` };
  }
  if (type === 'set' && (action.localName === 'subscribe' || action.localName === 'unsubscribe')) {
    if (node === undefined || node === '') return { error: 'bad-request', pubsubCondition: 'nodeid-required' };
    const jid = action.attr('jid');
    if (jid === undefined) return { error: 'bad-request', pubsubCondition: 'invalid-jid' };
    const result =
      action.localName === 'subscribe' ? pubsub.subscribe(account, node, jid) : pubsub.unsubscribe(account, node, jid, action.attr('subid'));
    if (!result.ok) return { error: result.condition, pubsubCondition: result.pubsubCondition };
    if (action.localName === 'unsubscribe') return { payload: '' };
    return { payload: `<pubsub xmlns='${NS.pubsub}'>${subscriptionXml(result.subscription)}</pubsub>` };
  }
  return { error: 'feature-not-implemented', pubsubCondition: 'unsupported' };
}

function subscriptionXml(s: Subscription): string {
  return `<subscription${attributes({ node: s.node, jid: s.jid, subid: s.subid, subscription: 'subscribed' })}/>`;
}

function discoInfo(node: string | undefined, account: UserAccount, pubsub: PubsubService): PubsubIqOutcome {
  if (node === undefined) {
    return {
      payload:
        `<query xmlns='${NS.discoInfo}'><identity category='pubsub' type='service' name='Finesse notifications'/>` +
        `<feature var='${NS.discoInfo}'/><feature var='${NS.discoItems}'/><feature var='${NS.pubsub}'/>${NODE_FEATURES}</query>`,
    };
  }
  if (!subscribable(pubsub, node, account)) return { error: 'item-not-found' };
  return {
    payload: `<query xmlns='${NS.discoInfo}'${attributes({ node })}><identity category='pubsub' type='leaf'/><feature var='${NS.pubsub}'/>${NODE_FEATURES}</query>`,
  };
}

function discoItems(node: string | undefined, account: UserAccount, pubsub: PubsubService): PubsubIqOutcome {
  if (node === undefined) {
    const items = pubsub.nodes.visibleTo(account).map((n) => `<item${attributes({ jid: pubsub.jid, node: n, name: n })}/>`);
    return { payload: `<query xmlns='${NS.discoItems}'>${items.join('')}</query>` };
  }
  if (!subscribable(pubsub, node, account)) return { error: 'item-not-found' };
  return { payload: `<query xmlns='${NS.discoItems}'${attributes({ node })}/>` };
}

/** Discovery shows a node only to those who may subscribe to it; to everyone else it does not exist. */
function subscribable(pubsub: PubsubService, node: string, account: UserAccount): boolean {
  const access = pubsub.nodes.access(node, account);
  return access === 'automatic' || access === 'explicit';
}
