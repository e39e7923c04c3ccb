import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, test } from 'node:test';
import { request } from '../support/http.js';
import { assertApiError } from '../support/xml.js';
import type { XmppWatcher } from '../support/xmpp-updates.js';
import { control, dialogAction, expectStatus, externalCall, newDialog, signIn, startXmppCallServer } from './support/calls.js';
import type { XmppCallServer } from './support/calls.js';

/**
 * Wrap-up REQUIRED_WITH_WRAP_UP_DATA, over HTTP and XMPP, with a test-only provisioning: team Claims wants
 * wrap-up data on incoming calls and optional wrap-up on outgoing ones, with a 60 s timer.
 */
const dir = mkdtempSync(join(tmpdir(), 'openfinesse-wrapup-data-'));
const configFile = join(dir, 'claims.yaml');
writeFileSync(
  configFile,
  `teams:
  - { id: "9", name: Claims, wrapUpOnIncoming: REQUIRED_WITH_WRAP_UP_DATA, wrapUpOnOutgoing: OPTIONAL, wrapUpTimerSeconds: 60 }
users:
  - { loginId: agentW, password: demo, team: "9" }
  - { loginId: agentV, password: demo, team: "9" }
  - { loginId: supW, password: demo, team: "9", supervises: ["9"] }
  - { loginId: admin, password: demo, roles: [Administrator] }
wrapUpReasons:
  - { id: 1, label: Resolved }
queues:
  - { id: "9", name: Claims, dialedNumbers: ["6000"], teams: ["9"], ringNoAnswerSeconds: 15, maxQueueTimeSeconds: 600 }
`,
);
after(() => rmSync(dir, { recursive: true, force: true }));

let server: XmppCallServer;
afterEach(() => server.stop());

const ACTIVE = 'HOLD,DROP,UPDATE_CALL_DATA,CONSULT_CALL,TRANSFER_SST,SEND_DTMF';
const WRAPPING = 'D1 DROPPED 4085550100:DROPPED() 1001:WRAP_UP(UPDATE_CALL_DATA)';
const ENDED = 'DELETE D1 DROPPED 4085550100:DROPPED() 1001:DROPPED()';
const putState = (actor: string, xml: string, requestId: string) =>
  request(server.baseUrl, 'PUT', '/finesse/api/User/agentW', { user: actor, body: xml, headers: { requestId } });

/** agentW (1001) READY answers a Claims call (D1); the caller hangs up: WORK_READY with a WRAP_UP dialog. */
async function wrappingUp(): Promise<{ id: string; w: XmppWatcher }> {
  server = await startXmppCallServer({ configFile, demo: false });
  const w = await server.watch('agentW');
  await signIn(server, 'agentW', '1001');
  const id = await externalCall(server, '6000');
  await expectStatus(dialogAction(server, 'agentW', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'ans'), 202);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  await w.expect([
    'user NOT_READY',
    'user READY',
    'user RESERVED',
    'POST D1 ALERTING 4085550100:INITIATED(DROP,UPDATE_CALL_DATA) 1001:ALERTING(ANSWER)',
    `PUT D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:ACTIVE(${ACTIVE}) [ans]`,
    'user TALKING [ans]',
    `PUT D1 DROPPED 4085550100:DROPPED() 1001:ACTIVE(${ACTIVE})`,
    `PUT ${WRAPPING}`,
    'user WORK_READY',
  ]);
  assert.match(w.updates.at(-1)!.text, /<wrapUpOnIncoming>REQUIRED_WITH_WRAP_UP_DATA<\/wrapUpOnIncoming>/);
  return { id, w };
}

test('REQUIRED_WITH_WRAP_UP_DATA: READY and NOT_READY are refused until a wrap-up reason is set on the call, then READY ends wrap-up', async () => {
  const { id, w } = await wrappingUp();
  const required = /wrap-up reason is required/;
  assertApiError(await putState('agentW', '<User><state>READY</state></User>', 'r1'), 400, 'Invalid State', { message: required });
  assertApiError(await putState('agentW', '<User><state>NOT_READY</state></User>', 'nr1'), 400, 'Invalid State', { message: required });
  // CCE: an agent never signs out from wrap-up, data or not.
  assertApiError(await putState('agentW', '<User><state>LOGOUT</state></User>', 'out1'), 400, 'Invalid State', { message: /from WORK_READY to LOGOUT/ });
  // Call variables alone are not wrap-up data.
  await expectStatus(
    dialogAction(
      server,
      'agentW',
      id,
      '<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables><CallVariable><name>callVariable1</name><value>x</value></CallVariable></callvariables></mediaProperties>',
      'cv',
    ),
    202,
  );
  await w.expect([`PUT ${WRAPPING} [cv]`]);
  assertApiError(await putState('agentW', '<User><state>READY</state></User>', 'r2'), 400, 'Invalid State', { message: required });
  assert.deepEqual(await w.take(), [], 'refused requests change nothing and notify nothing');
  const user = await request(server.baseUrl, 'GET', '/finesse/api/User/agentW', { user: 'agentW' });
  assert.match(user.body, /<state>WORK_READY<\/state>/);

  await expectStatus(
    dialogAction(
      server,
      'agentW',
      id,
      '<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Resolved</wrapUpReason></mediaProperties>',
      'wrap',
    ),
    202,
  );
  await w.expect([`PUT ${WRAPPING} [wrap]`]);
  assert.match(w.updates.at(-1)!.text, /<wrapUpReason>Resolved<\/wrapUpReason>/);
  await expectStatus(putState('agentW', '<User><state>READY</state></User>', 'r3'), 202);
  await w.expect(['user READY [r3]', `${ENDED} [r3]`]);
  assert.equal((await control(server, 'GET', '/calls')).json.history.at(-1).wrapUpReason, 'Resolved');
});

test('REQUIRED_WITH_WRAP_UP_DATA: the wrap-up timer still ends wrap-up without a reason', async () => {
  const { w } = await wrappingUp();
  server.clock.advance(59_999);
  assert.deepEqual(await w.take(), []);
  server.clock.advance(1);
  await w.expect(['user READY', ENDED]);
});

test('REQUIRED_WITH_WRAP_UP_DATA: a supervisor may still take the agent out of wrap-up', async () => {
  const { w } = await wrappingUp();
  await expectStatus(putState('supW', '<User><state>NOT_READY</state></User>', 'sup'), 202);
  await w.expect(['user NOT_READY rc=999 [sup]', `${ENDED} [sup]`]);
});

test('REQUIRED_WITH_WRAP_UP_DATA applies only to calls of that mode: after an outgoing call (OPTIONAL) NOT_READY needs no reason', async () => {
  server = await startXmppCallServer({ configFile, demo: false });
  const w = await server.watch('agentW');
  await signIn(server, 'agentW', '1001', false);
  await expectStatus(
    newDialog(server, 'agentW', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>4085551234</toAddress>', 'out'),
    202,
  );
  await w.expect([
    'user NOT_READY',
    'POST D1 INITIATING 1001:INITIATING(DROP,UPDATE_CALL_DATA) [out]',
    'user TALKING [out]',
    'PUT D1 INITIATED 1001:INITIATED(DROP,UPDATE_CALL_DATA) [out]',
    'PUT D1 ALERTING 1001:INITIATED(DROP,UPDATE_CALL_DATA) 4085551234:ALERTING(ANSWER) [out]',
  ]);
  server.clock.advance(2_000);
  await w.expect([`PUT D1 ACTIVE 1001:ACTIVE(${ACTIVE}) 4085551234:ACTIVE(${ACTIVE})`]);
  await expectStatus(
    dialogAction(server, 'agentW', server.id('D1'), '<requestedAction>DROP</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'd'),
    202,
  );
  await w.expect([
    `PUT D1 DROPPED 1001:WRAP_UP(UPDATE_CALL_DATA) 4085551234:ACTIVE(${ACTIVE}) [d]`,
    'PUT D1 DROPPED 1001:WRAP_UP(UPDATE_CALL_DATA) 4085551234:DROPPED() [d]',
    'user WORK [d]',
  ]);
  await expectStatus(putState('agentW', '<User><state>NOT_READY</state></User>', 'nr'), 202);
  await w.expect(['user NOT_READY [nr]', 'DELETE D1 DROPPED 1001:DROPPED() 4085551234:DROPPED() [nr]']);
});

test('REQUIRED_WITH_WRAP_UP_DATA after a transfer: the transferring agent sets the reason on the call he kept in WRAP_UP, then may leave', async () => {
  server = await startXmppCallServer({ configFile, demo: false });
  const w = await server.watch('agentW');
  const v = await server.watch('agentV');
  await signIn(server, 'agentW', '1001');
  await signIn(server, 'agentV', '1002', false);
  const id = await externalCall(server, '6000');
  const act = (user: string, dialog: string, action: string, ext: string, extra: string, requestId: string) =>
    expectStatus(
      dialogAction(server, user, dialog, `<requestedAction>${action}</requestedAction><targetMediaAddress>${ext}</targetMediaAddress>${extra}`, requestId),
      202,
    );
  await act('agentW', id, 'ANSWER', '1001', '', 'ans');
  await act('agentW', id, 'CONSULT_CALL', '1001', '<toAddress>1002</toAddress>', 'c');
  // Setup seen elsewhere (hold-consult.test.ts): 10 notifications for agentW, 2 for agentV, then 2 each once he answers.
  await w.until(10);
  await w.take();
  await v.until(2);
  await v.take();
  await act('agentV', server.id('D2'), 'ANSWER', '1002', '', 'v');
  await w.until(2);
  await w.take();
  await v.until(2);
  await v.take();
  await act('agentW', id, 'TRANSFER', '1001', '', 't');
  const transferred = `D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:WRAP_UP(UPDATE_CALL_DATA) 1002:ACTIVE(${ACTIVE})`;
  await w.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [t]', `PUT ${transferred} [t]`, 'user WORK_READY [t]']);
  await v.expect(['DELETE D2 DROPPED 1001:DROPPED() 1002:DROPPED() [t]', `POST ${transferred} [t]`]);
  assertApiError(await putState('agentW', '<User><state>READY</state></User>', 'r1'), 400, 'Invalid State', { message: /wrap-up reason is required/ });
  await act('agentW', id, 'UPDATE_CALL_DATA', '1001', '<mediaProperties><wrapUpReason>Resolved</wrapUpReason></mediaProperties>', 'wrap');
  await w.expect([`PUT ${transferred} [wrap]`]);
  await v.expect([`PUT ${transferred} [wrap]`]);
  await expectStatus(putState('agentW', '<User><state>READY</state></User>', 'r2'), 202);
  await w.expect(['user READY [r2]', `DELETE D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1001:DROPPED() 1002:ACTIVE(${ACTIVE}) [r2]`]);
  await v.expect([`PUT D1 ACTIVE 4085550100:ACTIVE(${ACTIVE}) 1002:ACTIVE(${ACTIVE}) [r2]`]);
});
