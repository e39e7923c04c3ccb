/**
 * The authorization matrix (issue 8, item 5): every role × every resource × every target, generated from
 * the rule tables in test/http/authorization/ (one file per area; world.ts holds the people, the actors and
 * the expected answers). Each case asserts the status and the ApiErrors body; a refused PUT/POST must
 * leave the target as it was, and no refused answer may carry the target's data. The pubsub part applies
 * the same reading rules to the XMPP notification service.
 *
 * One server (demo data, manual clock, so time and every stateChangeTime stand still) serves the whole
 * file. Shared setup: everyone signed in READY, then one external call into Sales answered by agentA
 * (TALKING, pending READY), and one XMPP session per user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshServer } from '../support/fresh.js';
import { basic } from '../support/http.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';
import type { TestClient } from '../xmpp/support/client.js';
import { connectXmppJs } from '../xmpp/support/xmppjs-client.js';
import { USER_RESOURCES } from './authorization/users.js';
import { DIRECTORY_RESOURCES } from './authorization/directory.js';
import { DIALOG_RESOURCES } from './authorization/dialogs.js';
import { REASON_RESOURCES } from './authorization/reasons.js';
import { TEAM_MESSAGE_RESOURCES } from './authorization/team-messages.js';
import { PHONE_BOOK_RESOURCES } from './authorization/phone-books.js';
import { WORKFLOW_RESOURCES } from './authorization/workflows.js';
import { TEAM_RESOURCES } from './authorization/team-resources.js';
import { LAYOUT_RESOURCES } from './authorization/layouts.js';
import { controlApiCases } from './authorization/control-api.js';
import { gadgetProxyCases } from './authorization/gadget-proxy.js';
import { gadgetCases } from './authorization/gadgets.js';
import { pubsubCases } from './authorization/pubsub.js';
import {
  ACTOR_LABEL,
  AUTHENTICATED,
  AUTHENTICATION_FAILURE,
  type Actor,
  CALLER,
  type LoginId,
  PEOPLE,
  type Refused,
  type Resource,
  UNAUTHENTICATED,
  api,
  assertNoLeak,
  clock,
  expectStatus,
  isRefused,
  liveDialog,
  resolveId,
  server,
  useLiveDialog,
  useServer,
} from './authorization/world.js';

const RESOURCES: Resource[] = [
  ...USER_RESOURCES,
  ...DIRECTORY_RESOURCES,
  ...DIALOG_RESOURCES,
  ...REASON_RESOURCES,
  ...TEAM_MESSAGE_RESOURCES,
  ...PHONE_BOOK_RESOURCES,
  ...WORKFLOW_RESOURCES,
  ...TEAM_RESOURCES,
  ...LAYOUT_RESOURCES,
];

// ------------------------------------------------------------------------------------------ setup

const xmpp = new Map<LoginId, TestClient>();

before(async () => {
  useServer(await freshServer({ xmppPort: 0, httpsPort: null, lockout: { maxFailures: 1000, lockMs: 300_000 } }, clock));
  const signIn = async (id: LoginId): Promise<void> => {
    await expectStatus(api(id, 'PUT', `/User/${id}`, `<User><state>LOGIN</state><extension>${PEOPLE[id].extension}</extension></User>`), 202);
    await expectStatus(api(id, 'PUT', `/User/${id}`, '<User><state>READY</state></User>'), 202);
  };
  // agentA alone is READY in team 1 when the call arrives, so it is offered to him.
  await signIn('agentA');
  const placed = await fetch(`${server().baseUrl}/openfinesse/api/calls`, {
    method: 'POST',
    headers: { authorization: basic('admin'), 'content-type': 'application/json' },
    body: JSON.stringify({ from: CALLER, to: '5000' }),
  });
  assert.equal(placed.status, 201, await placed.text());
  const dialogs = parseXml((await expectStatus(api('agentA', 'GET', '/User/agentA/Dialogs'), 200)).body);
  useLiveDialog(textAt(dialogs.children[0]!, 'id'));
  await expectStatus(
    api('agentA', 'PUT', `/Dialog/${liveDialog()}`, '<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>'),
    202,
  );
  // TALKING with READY pending: the state his own PUT cases restore.
  await expectStatus(api('agentA', 'PUT', '/User/agentA', '<User><state>READY</state></User>'), 202);
  for (const id of ['agentB', 'supervisorA', 'agentC', 'supervisorB'] as const) await signIn(id);
  for (const id of AUTHENTICATED) xmpp.set(id, await connectXmppJs(`xmpp://127.0.0.1:${server().ports.xmpp}`, { user: id, resource: 'matrix' }));
});

after(async () => {
  await Promise.all([...xmpp.values()].map((c) => c.close()));
  await server().stop();
});

// ------------------------------------------------------------------------------------------ REST cases

function dataFor(expected: Refused, actor: Actor, target: string): string {
  if (expected.data === 'target') return resolveId(target);
  if (expected.data === 'given') return actor === 'wrongPassword' ? 'agentA' : '';
  return actor;
}

describe('authorization matrix: REST /finesse/api', () => {
  for (const resource of RESOURCES) {
    describe(resource.name, () => {
      for (const actor of [...UNAUTHENTICATED, ...AUTHENTICATED]) {
        for (const target of resource.targets) {
          const expected = UNAUTHENTICATED.includes(actor) ? AUTHENTICATION_FAILURE : resource.expect(actor as LoginId, target);
          if (expected === undefined) continue;
          const outcome = isRefused(expected) ? `${expected.status} ${expected.type}` : String(expected.status);
          test(`${ACTOR_LABEL[actor]} × ${resource.name} × ${resource.targetLabel(actor, target)} → ${outcome}`, async () => {
            const before = resource.probe ? await resource.probe(target) : undefined;
            const result = await api(actor, resource.method, resource.path(target), resource.body?.(actor, target));
            if (!isRefused(expected)) {
              assert.equal(result.status, expected.status, result.body);
              await resource.verify?.(result, actor as LoginId, target, before);
              return;
            }
            assertApiError(result, expected.status, expected.type, {
              data: dataFor(expected, actor, target),
              ...(expected.message !== undefined ? { message: expected.message } : {}),
            });
            assertNoLeak(result.body, resource.secrets(target), actor);
            if (before !== undefined) assert.equal(await resource.probe!(target), before, 'the refused request changed the target');
          });
        }
      }
    });
  }
});

controlApiCases();
gadgetCases();
gadgetProxyCases();
pubsubCases(xmpp);
