import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestClient } from '../xmpp/support/client.js';
import { closeAll, startXmppServer } from '../xmpp/support/harness.js';
import type { XmppTestServer } from '../xmpp/support/harness.js';
import { notificationOf } from '../xmpp/support/stanzas.js';
import type { Notification } from '../xmpp/support/stanzas.js';
import { connectXmppJs } from '../xmpp/support/xmppjs-client.js';
import { control, dialogAction, expectStatus, externalCall, signIn } from './support/calls.js';

let server: XmppTestServer;
const clients: TestClient[] = [];
let agentA: TestClient;
let agentB: TestClient;
before(async () => {
  server = await startXmppServer();
  agentA = await connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, { user: 'agentA', resource: 'desk' });
  agentB = await connectXmppJs(`xmpp://127.0.0.1:${server.ports.xmpp}`, { user: 'agentB', resource: 'desk' });
  clients.push(agentA, agentB);
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002', false);
});
after(async () => {
  await closeAll(clients);
  await server.stop();
});

const seen = new Map<TestClient, number>();
/** Dialog notifications the client received since the last call, after a ping round trip. */
async function dialogNotifications(client: TestClient, loginId: string): Promise<Notification[]> {
  await client.sync();
  const from = seen.get(client) ?? 0;
  seen.set(client, client.received.length);
  return client.received
    .slice(from)
    .map(notificationOf)
    .filter((n): n is Notification => n !== null && n.node === `/finesse/api/User/${loginId}/Dialogs`);
}
const summary = (n: Notification): string => {
  const event = n.update.getChildText('event');
  const requestId = n.update.getChildText('requestId');
  const dialog = n.update.getChild('data')!.children.find((c) => typeof c !== 'string') as NonNullable<ReturnType<Notification['update']['getChild']>>;
  const item = dialog.name === 'dialogs' ? dialog.getChild('Dialog')! : dialog;
  const states = item.getChild('participants')!.getChildren('Participant').map((p) => `${p.getChildText('mediaAddress')}:${p.getChildText('state')}`);
  return `${event} ${dialog.name} ${n.update.getChildText('source')} ${item.getChildText('state')} ${states.join(' ')} [${requestId}]`;
};

test('inbound call over XMPP: POST with the collection, PUTs with the item, DELETE after wrap-up', async () => {
  await dialogNotifications(agentA, 'agentA');
  const id = await externalCall(server, '5000');
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'x-ans'), 202);
  assert.equal((await control(server, 'POST', `/calls/${id}/hangup`)).status, 202);
  server.manualClock.advance(60_000);
  const got = await dialogNotifications(agentA, 'agentA');
  const coll = '/finesse/api/User/agentA/Dialogs';
  const item = `/finesse/api/Dialog/${id}`;
  assert.deepEqual(got.map(summary), [
    `POST dialogs ${coll} ALERTING 4085550100:INITIATED 1001:ALERTING []`,
    `PUT dialog ${item} ACTIVE 4085550100:ACTIVE 1001:ACTIVE [x-ans]`,
    `PUT dialog ${item} DROPPED 4085550100:DROPPED 1001:ACTIVE []`,
    `PUT dialog ${item} DROPPED 4085550100:DROPPED 1001:WRAP_UP []`,
    `DELETE dialogs ${coll} DROPPED 4085550100:DROPPED 1001:DROPPED []`,
  ]);
  assert.match(got[0]!.updateText, /^<Update><data><dialogs><Dialog><associatedDialogUri><\/associatedDialogUri><fromAddress>4085550100<\/fromAddress>.*<actions><action>ANSWER<\/action><\/actions><mediaAddress>1001<\/mediaAddress><mediaAddressType>AGENT_DEVICE<\/mediaAddressType>.*<\/Dialog><\/dialogs><\/data><event>POST<\/event><requestId><\/requestId><source>\/finesse\/api\/User\/agentA\/Dialogs<\/source><\/Update>$/);
  assert.match(got[1]!.updateText, new RegExp(`^<Update><data><dialog>.*<uri>/finesse/api/Dialog/${id}</uri></dialog></data><event>PUT</event><requestId>x-ans</requestId><source>/finesse/api/Dialog/${id}</source></Update>$`));
});

test('consult then transfer over XMPP: both agents get their exact sequences', async () => {
  await dialogNotifications(agentA, 'agentA');
  await dialogNotifications(agentB, 'agentB');
  const id = await externalCall(server, '5000', '4085550177');
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>'), 202);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>CONSULT_CALL</requestedAction><targetMediaAddress>1001</targetMediaAddress><toAddress>1002</toAddress>', 'x-c'), 202);
  const consultPost = (await dialogNotifications(agentB, 'agentB'))[0]!;
  const consult = consultPost.update.getChild('data')!.getChild('dialogs')!.getChild('Dialog')!.getChildText('id')!;
  await expectStatus(dialogAction(server, 'agentB', consult, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1002</targetMediaAddress>', 'x-b'), 202);
  await expectStatus(dialogAction(server, 'agentA', id, '<requestedAction>TRANSFER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'x-t'), 202);
  const a = await dialogNotifications(agentA, 'agentA');
  const b = await dialogNotifications(agentB, 'agentB');
  const collA = '/finesse/api/User/agentA/Dialogs';
  const collB = '/finesse/api/User/agentB/Dialogs';
  assert.deepEqual(a.map(summary), [
    `POST dialogs ${collA} ALERTING 4085550177:INITIATED 1001:ALERTING []`,
    `PUT dialog /finesse/api/Dialog/${id} ACTIVE 4085550177:ACTIVE 1001:ACTIVE []`,
    `PUT dialog /finesse/api/Dialog/${id} ACTIVE 4085550177:ACTIVE 1001:HELD [x-c]`,
    `POST dialogs ${collA} INITIATING 1001:INITIATING [x-c]`,
    `PUT dialog /finesse/api/Dialog/${consult} INITIATED 1001:INITIATED [x-c]`,
    `PUT dialog /finesse/api/Dialog/${consult} ALERTING 1001:INITIATED 1002:ALERTING [x-c]`,
    `PUT dialog /finesse/api/Dialog/${consult} ACTIVE 1001:ACTIVE 1002:ACTIVE [x-b]`,
    `PUT dialog /finesse/api/Dialog/${id} ACTIVE 4085550177:ACTIVE 1001:HELD [x-b]`,
    `DELETE dialogs ${collA} DROPPED 1001:DROPPED 1002:DROPPED [x-t]`,
    `DELETE dialogs ${collA} DROPPED 4085550177:ACTIVE [x-t]`,
  ]);
  assert.deepEqual(b.map(summary), [
    `PUT dialog /finesse/api/Dialog/${consult} ACTIVE 1001:ACTIVE 1002:ACTIVE [x-b]`,
    `DELETE dialogs ${collB} DROPPED 1001:DROPPED 1002:DROPPED [x-t]`,
    `POST dialogs ${collB} ACTIVE 4085550177:ACTIVE 1002:ACTIVE [x-t]`,
  ]);
  assert.match(b[2]!.updateText, new RegExp(`<secondaryId>${consult}</secondaryId>`));
});
