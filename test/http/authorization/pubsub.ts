import assert from 'node:assert/strict';
import type { TestClient } from '../../xmpp/support/client.js';
import type { Element } from '../../xmpp/support/stanzas.js';
import { describe, test } from 'node:test';
import { receivesTeamMessages } from './team-messages.js';
import {
  ACTOR_LABEL,
  AUTHENTICATED,
  GHOST_QUEUE,
  GHOST_TEAM,
  type LoginId,
  PEOPLE,
  QUEUES,
  TEAMS,
  USER_TARGETS,
  teamRelation,
  teamSecrets,
  userRelation,
  userSecrets,
  userTargetLabel,
  wordRegExp,
} from './world.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
const API = '/finesse/api';

type NodeAccess = 'automatic' | 'explicit' | 'forbidden' | 'item-not-found';
type PubsubOp = 'subscribe' | 'unsubscribe' | 'disco#info';

/** The node kinds, their ids, and who may subscribe (mirrors the REST reading rules). */
interface NodeKind {
  kind: string;
  ids: string[];
  node(id: string): string;
  label(actor: LoginId, id: string): string;
  access(actor: LoginId, id: string): NodeAccess;
  secrets(id: string): string[];
}

function userNodeAccess(actor: LoginId, t: string): NodeAccess {
  return (
    {
      self: 'automatic',
      'supervisor of t': 'explicit',
      administrator: 'explicit',
      'administrator, t nonexistent': 'item-not-found',
      'supervisor, not of t': 'forbidden',
      'agent, not t': 'forbidden',
    } as const
  )[userRelation(actor, t)];
}
/** A user node's own id is in its name; what else identifies the user must not come back in an error. */
const userNodeSecrets = (t: string): string[] => userSecrets(t).filter((s) => s !== t);

const NODE_KINDS: NodeKind[] = [
  { kind: 'User/{t}', ids: USER_TARGETS, node: (t) => `${API}/User/${t}`, label: userTargetLabel, access: userNodeAccess, secrets: userNodeSecrets },
  {
    kind: 'User/{t}/Dialogs',
    ids: USER_TARGETS,
    node: (t) => `${API}/User/${t}/Dialogs`,
    label: userTargetLabel,
    access: userNodeAccess,
    secrets: userNodeSecrets,
  },
  {
    kind: 'Team/{id}/Users',
    ids: ['1', '2', GHOST_TEAM],
    node: (id) => `${API}/Team/${id}/Users`,
    label: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    access: (actor, id) =>
      (
        ({
          'supervisor of the team': 'explicit',
          administrator: 'explicit',
          'administrator, team nonexistent': 'item-not-found',
          'supervisor, not of the team': 'forbidden',
          agent: 'forbidden',
        }) as const
      )[teamRelation(actor, id)],
    secrets: teamSecrets,
  },
  {
    kind: 'Queue/{id}',
    ids: ['1', '2', GHOST_QUEUE],
    node: (id) => `${API}/Queue/${id}`,
    label: (_a, id) => (id in QUEUES ? `queue ${id}` : `queue ${id} (nonexistent)`),
    access: (actor, id) => {
      if (!(id in QUEUES)) return PEOPLE[actor].administrator ? 'item-not-found' : 'forbidden';
      return PEOPLE[actor].queues.includes(QUEUES[id]!) ? 'explicit' : 'forbidden';
    },
    secrets: (id) => (id in QUEUES ? [QUEUES[id]!] : []),
  },
  {
    kind: 'Team/{id}/TeamMessages',
    ids: ['1', '2', GHOST_TEAM],
    node: (id) => `${API}/Team/${id}/TeamMessages`,
    label: (_a, id) => (id in TEAMS ? `team ${id}` : `team ${id} (nonexistent)`),
    access: (actor, id) => {
      if (!(id in TEAMS)) return PEOPLE[actor].administrator ? 'item-not-found' : 'forbidden';
      if (receivesTeamMessages(actor, id)) return 'automatic';
      return PEOPLE[actor].administrator ? 'explicit' : 'forbidden';
    },
    secrets: () => [],
  },
  { kind: 'SystemInfo', ids: [''], node: () => `${API}/SystemInfo`, label: () => 'the system', access: () => 'automatic', secrets: () => [] },
  {
    kind: 'not a Finesse node',
    ids: [''],
    node: () => `${API}/Nonsense`,
    label: () => '/finesse/api/Nonsense',
    access: () => 'item-not-found',
    secrets: () => [],
  },
];

/** What each operation answers, by the actor's access to the node (no subscription held beforehand). */
type PubsubAnswer = 'result, subid automatic' | 'result, new subid' | 'result' | 'unexpected-request + not-subscribed' | 'forbidden' | 'item-not-found';
const PUBSUB_RULES: Record<NodeAccess, Record<PubsubOp, PubsubAnswer>> = {
  automatic: { subscribe: 'result, subid automatic', unsubscribe: 'result', 'disco#info': 'result' },
  explicit: { subscribe: 'result, new subid', unsubscribe: 'unexpected-request + not-subscribed', 'disco#info': 'result' },
  forbidden: { subscribe: 'forbidden', unsubscribe: 'forbidden', 'disco#info': 'item-not-found' },
  'item-not-found': { subscribe: 'item-not-found', unsubscribe: 'item-not-found', 'disco#info': 'item-not-found' },
};

let iqSequence = 0;
const iqId = (what: string): string => `matrix-${what}-${++iqSequence}`;
const errorCondition = (iq: Element): string | undefined =>
  iq.getChild('error')?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas')?.name;
const pubsubSet = (client: TestClient, action: string): Promise<Element> =>
  client.iq(`<iq type='set' id='${iqId('set')}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'>${action}</pubsub></iq>`);
const subscribe = (client: TestClient, node: string): Promise<Element> => pubsubSet(client, `<subscribe node='${node}' jid='${client.jid}'/>`);
const unsubscribe = (client: TestClient, node: string, subid?: string): Promise<Element> =>
  pubsubSet(client, `<unsubscribe node='${node}' jid='${client.jid}'${subid ? ` subid='${subid}'` : ''}/>`);
const discoInfo = (client: TestClient, node: string): Promise<Element> =>
  client.iq(`<iq type='get' id='${iqId('info')}' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='${node}'/></iq>`);
async function subscriptionsOn(client: TestClient, node: string): Promise<{ jid: string; subid: string }[]> {
  const reply = await client.iq(`<iq type='get' id='${iqId('subs')}' to='pubsub.localhost'><pubsub xmlns='${PUBSUB}'><subscriptions/></pubsub></iq>`);
  assert.equal(reply.attrs.type, 'result', String(reply));
  return (reply.getChild('pubsub')?.getChild('subscriptions')?.getChildren('subscription') ?? [])
    .filter((s) => s.attrs.node === node)
    .map((s) => ({ jid: s.attrs.jid ?? '', subid: s.attrs.subid ?? '' }));
}

function assertPubsubError(reply: Element, condition: string, secrets: string[]): void {
  assert.equal(reply.attrs.type, 'error', String(reply));
  assert.equal(errorCondition(reply), condition, String(reply));
  for (const secret of secrets) if (secret !== '') assert.doesNotMatch(String(reply), wordRegExp(secret), `the error reveals ${secret}: ${String(reply)}`);
}

/** The same reading rules on the XMPP notification service, one session per user (`xmpp`). */
export function pubsubCases(xmpp: ReadonlyMap<LoginId, TestClient>): void {
  describe('authorization matrix: pubsub (XMPP over TCP)', () => {
    for (const actor of AUTHENTICATED) {
      for (const kind of NODE_KINDS) {
        for (const id of kind.ids) {
          const access = kind.access(actor, id);
          const node = kind.node(id);
          const name = (op: PubsubOp): string => `${ACTOR_LABEL[actor]} × ${op} ${kind.kind} × ${kind.label(actor, id)} → ${PUBSUB_RULES[access][op]}`;
          const secrets = kind.secrets(id).filter((s) => s !== actor);

          test(name('subscribe'), async () => {
            const client = xmpp.get(actor)!;
            const answer = PUBSUB_RULES[access].subscribe;
            const reply = await subscribe(client, node);
            if (answer === 'result, subid automatic' || answer === 'result, new subid') {
              const subscription = reply.getChild('pubsub')?.getChild('subscription');
              try {
                assert.equal(reply.attrs.type, 'result', String(reply));
                assert.equal(subscription?.attrs.subscription, 'subscribed');
                assert.equal(subscription?.attrs.jid, client.jid);
                if (answer === 'result, subid automatic') assert.equal(subscription?.attrs.subid, 'automatic');
                else {
                  assert.ok(subscription?.attrs.subid && subscription.attrs.subid !== 'automatic', String(reply));
                  assert.deepEqual(await subscriptionsOn(client, node), [{ jid: client.jid, subid: subscription.attrs.subid }]);
                }
              } finally {
                if (answer === 'result, new subid' && reply.attrs.type === 'result') {
                  assert.equal((await unsubscribe(client, node, subscription?.attrs.subid)).attrs.type, 'result');
                  assert.deepEqual(await subscriptionsOn(client, node), [], 'cleaned up');
                }
              }
              return;
            }
            assertPubsubError(reply, answer, secrets);
            assert.deepEqual(await subscriptionsOn(client, node), [], 'a refused subscribe created a subscription');
          });

          test(name('unsubscribe'), async () => {
            const client = xmpp.get(actor)!;
            const answer = PUBSUB_RULES[access].unsubscribe;
            const reply = await unsubscribe(client, node);
            if (answer === 'result') {
              assert.equal(reply.attrs.type, 'result', String(reply));
              return;
            }
            if (answer === 'unexpected-request + not-subscribed') {
              assertPubsubError(reply, 'unexpected-request', secrets);
              assert.ok(reply.getChild('error')?.getChild('not-subscribed', PUBSUB_ERRORS), String(reply));
              return;
            }
            assertPubsubError(reply, answer, secrets);
          });

          test(name('disco#info'), async () => {
            const reply = await discoInfo(xmpp.get(actor)!, node);
            if (PUBSUB_RULES[access]['disco#info'] === 'result') {
              assert.equal(reply.attrs.type, 'result', String(reply));
              assert.deepEqual(reply.getChild('query')?.getChild('identity')?.attrs, { category: 'pubsub', type: 'leaf' });
              return;
            }
            assertPubsubError(reply, 'item-not-found', secrets);
          });
        }
      }

      test(`${ACTOR_LABEL[actor]} × disco#items of pubsub.localhost → own nodes and exactly the Team and Queue nodes he may subscribe`, async () => {
        const client = xmpp.get(actor)!;
        const reply = await client.iq(
          `<iq type='get' id='${iqId('items')}' to='pubsub.localhost'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
        );
        assert.equal(reply.attrs.type, 'result', String(reply));
        const listed = reply
          .getChild('query')!
          .getChildren('item')
          .map((i) => i.attrs.node as string);
        for (const own of [`${API}/User/${actor}`, `${API}/User/${actor}/Dialogs`, `${API}/SystemInfo`])
          assert.ok(listed.includes(own), `${own} missing from ${listed.join()}`);
        const subscribable = (kind: NodeKind): string[] =>
          kind.ids.filter((id) => ['automatic', 'explicit'].includes(kind.access(actor, id))).map((id) => kind.node(id));
        const teamAndQueue = NODE_KINDS.filter((k) => ['Team/{id}/Users', 'Team/{id}/TeamMessages', 'Queue/{id}'].includes(k.kind));
        assert.deepEqual(listed.filter((n) => /\/(Team|Queue)\//.test(n)).sort(), teamAndQueue.flatMap(subscribable).sort(), 'Team and Queue nodes');
        const allowed = new Set(NODE_KINDS.flatMap(subscribable));
        for (const n of listed) assert.ok(allowed.has(n), `${n} is listed but may not be subscribed`);
      });
    }
  });
}
