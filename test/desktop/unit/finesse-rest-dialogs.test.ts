// finesse.restservices.Dialogs and Dialog (gadget reference §3.4, §4.2): the recorded inbound call's
// POST/PUT/DELETE Updates drive the collection; requests on a dialog have the reference's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures, loaded, ORIGIN, RecordedFinesse, settle, updatesLabelled } from './finesse-rest-harness.js';
import type { Dialog as DialogType } from '../../../src/desktop/src/gadgets/finesse-js/rest/dialog.js';
import type { Dialogs as DialogsType } from '../../../src/desktop/src/gadgets/finesse-js/rest/dialogs.js';
import { createRestServices } from '../../../src/desktop/src/gadgets/finesse-js/rest/index.js';
import type { User as UserType } from '../../../src/desktop/src/gadgets/finesse-js/rest/user.js';

const { User, Dialog, Dialogs } = createRestServices();
const CALL = fixtures.ids.inbound!;

async function userDialogs(env: RecordedFinesse, handlers: Record<string, unknown> = {}): Promise<{ user: UserType; dialogs: DialogsType }> {
  const user = await loaded<UserType>((onLoad) => new User({ id: 'agentA', onLoad }));
  const dialogs = await loaded<DialogsType>((onLoad, onError) => user.getDialogs({ onLoad, onError, ...handlers }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/Dialogs');
  return { user, dialogs };
}

test('the Dialogs node drives the collection: POST adds (onCollectionAdd), PUT changes the item, DELETE removes it (onCollectionDelete)', async () => {
  const env = new RecordedFinesse();
  const events: string[] = [];
  const { dialogs } = await userDialogs(env, {
    onCollectionAdd: (d: DialogType) => {
      events.push(`add ${d.getId()} ${d.getState()}`);
      d.addHandler('change', (c: DialogType) => events.push(`change ${c.getState()}`));
      d.addHandler('delete', (c: DialogType) => events.push(`delete ${c.getId()}`));
    },
    onCollectionDelete: (d: DialogType) => events.push(`collectionDelete ${d.getId()} ${d.getState()}`),
  });
  assert.equal(dialogs.length, 0);
  assert.deepEqual(dialogs.getCollection(), {});
  assert.deepEqual([...env.listeners.keys()], ['finesse.api.User.agentA', 'finesse.api.User.agentA.Dialogs']);
  env.deliverLabel('inbound-alerting');
  assert.equal(dialogs.length, 1);
  assert.ok(dialogs.getCollection()[CALL] instanceof Dialog);
  assert.equal(dialogs._collection[CALL], dialogs.getCollection()[CALL]);
  env.deliverLabel('answer');
  env.deliverLabel('call-data');
  env.deliverLabel('hangup');
  env.deliverLabel('end-wrap-up');
  assert.deepEqual(events, [
    `add ${CALL} ALERTING`,
    'change ACTIVE',
    'change ACTIVE',
    'change DROPPED',
    'change DROPPED',
    `delete ${CALL}`,
    `collectionDelete ${CALL} DROPPED`,
  ]);
  assert.equal(dialogs.length, 0);
  assert.deepEqual(dialogs.getCollection(), {});
});

test('a Dialog loaded with the collection: getters, flat media properties with ECC as user.<name>, participants', async () => {
  const env = new RecordedFinesse();
  env.answers['/finesse/api/User/agentA/Dialogs'] = fixtures.rest[`withCall:/finesse/api/User/agentA/Dialogs`]!;
  const { dialogs } = await userDialogs(env);
  assert.equal(dialogs.length, 1);
  assert.equal(dialogs.getDialogCount(), 1);
  assert.equal(dialogs.getDialogCount(true), 1);
  const dialog = dialogs.getCollection()[CALL] as DialogType;
  assert.deepEqual(
    [dialog.getId(), dialog.getState(), dialog.getFromAddress(), dialog.getToAddress(), dialog.getCallType(), dialog.getMediaType(), dialog.getDNIS()],
    [CALL, 'ALERTING', '4085550100', '5000', 'ACD_IN', 'Voice', '5000'],
  );
  assert.equal(dialog.getRestUrl(), `/finesse/api/Dialog/${CALL}`);
  assert.equal(dialog.getAssociatedDialogUri(), '');
  assert.deepEqual([dialog.getSecondaryId(), dialog.getWrapUpReason()], ['', '']);
  assert.equal(dialog.getParticipant('4085550100')?.state, 'INITIATED');
  assert.equal(dialog.getParticipant('9999'), undefined);
  const media = dialog.getMediaProperties();
  assert.equal(media.callVariable1, 'Chuck');
  assert.equal(media.callVariable2, '');
  assert.equal(media['user.account'], 'A-42');
  assert.equal(media.DNIS, '5000');
  assert.equal(media.dialedNumber, '5000');
  assert.equal(media.queueName, 'Sales');
  assert.equal(media.callType, 'ACD_IN');
  assert.equal(media.outboundClassification, '');
  assert.equal(dialog._data.mediaProperties.queueNumber, '1');
  const participants = dialog.getParticipants();
  assert.equal(participants.length, 2);
  assert.deepEqual(participants[0]!.actions.action, ['DROP', 'UPDATE_CALL_DATA']);
  assert.equal(participants[1]!.actions.action, 'ANSWER', 'one action stays a string');
  assert.deepEqual(dialog.getParticipantActions('1001'), ['ANSWER']);
  assert.equal(dialog.getParticipantState('1001'), 'ALERTING');
  env.deliverLabel('call-data');
  assert.equal(dialog.getMediaProperties().callVariable2, 'VIP', 'media properties re-read after a change');
});

test('media properties and participants before any data do not throw', () => {
  const dialog = new Dialog({ id: 'x', data: null });
  assert.deepEqual(dialog.getMediaProperties(), {});
  assert.deepEqual(dialog.getParticipants(), []);
  assert.equal(dialog.getCallType(), '');
});

test('a Dialog alone GETs /finesse/api/Dialog/{id}', async () => {
  const env = new RecordedFinesse();
  const dialog = await loaded<DialogType>((onLoad, onError) => new Dialog({ id: CALL, onLoad, onError }));
  assert.equal(env.sent[0]!.path, `/finesse/api/Dialog/${CALL}`);
  assert.equal(dialog.getState(), 'ALERTING');
});

test('Dialog.Actions and Dialog.States', () => {
  for (const a of 'MAKE_CALL ANSWER HOLD RETRIEVE DROP UPDATE_CALL_DATA START_RECORDING TRANSFER_SST CONSULT_CALL TRANSFER CONFERENCE SEND_DTMF ACCEPT CLOSE REJECT PARTICIPANT_DROP BARGE_CALL SILENT_MONITOR'.split(
    ' ',
  )) {
    assert.equal((Dialog.Actions as Record<string, string>)[a], a);
  }
  for (const s of 'INITIATING INITIATED ALERTING ACTIVE HELD FAILED DROPPED WRAP_UP ACCEPTED'.split(' '))
    assert.equal((Dialog.States as Record<string, string>)[s], s);
});

test('requestAction, updateCallVariables, wrap-up, consult, DTMF: PUT /Dialog/{id} with requestId; success gets the 202', async () => {
  const env = new RecordedFinesse();
  env.answers['/finesse/api/User/agentA/Dialogs'] = fixtures.rest[`withCall:/finesse/api/User/agentA/Dialogs`]!;
  const { dialogs } = await userDialogs(env);
  const dialog = dialogs.getCollection()[CALL] as DialogType;
  const ok: number[] = [];
  const id = dialog.requestAction('1001', Dialog.Actions.ANSWER, { success: (rsp) => ok.push(rsp.status) });
  dialog.updateCallVariables({ callVariable2: 'VIP', 'user.account': 'B&7' });
  dialog.updateWrapUpReason('Sales Inquiry', {});
  dialog.initiateConsult('1001', '1002');
  dialog.sendDTMFRequest('1001', '12#');
  await settle();
  const puts = env.sent.slice(-5);
  assert.ok(puts.every((p) => p.method === 'PUT' && p.url === `${ORIGIN}/finesse/api/Dialog/${CALL}` && p.headers['Content-Type'] === 'application/xml'));
  assert.equal(puts[0]!.headers.requestId, id);
  assert.equal(new Set(puts.map((p) => p.headers.requestId)).size, 5);
  assert.deepEqual(
    puts.map((p) => p.body),
    [
      '<Dialog><targetMediaAddress>1001</targetMediaAddress><requestedAction>ANSWER</requestedAction></Dialog>',
      '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables><CallVariable><name>callVariable2</name><value>VIP</value></CallVariable><CallVariable><name>user.account</name><value>B&amp;7</value></CallVariable></callvariables></mediaProperties></Dialog>',
      '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>Sales Inquiry</wrapUpReason></mediaProperties></Dialog>',
      '<Dialog><targetMediaAddress>1001</targetMediaAddress><requestedAction>CONSULT_CALL</requestedAction><toAddress>1002</toAddress></Dialog>',
      '<Dialog><targetMediaAddress>1001</targetMediaAddress><requestedAction>SEND_DTMF</requestedAction><actionParams><ActionParam><name>dtmfString</name><value>12#</value></ActionParam></actionParams></Dialog>',
    ],
  );
  assert.deepEqual(ok, [202]);
});

test("a dialog request failing asynchronously: the apiErrors Update on the Dialogs node reaches that request's error handler", async () => {
  const env = new RecordedFinesse();
  const { user, dialogs } = await userDialogs(env);
  env.deliverLabel('busy-call', (t) => t);
  const failed = dialogs.getCollection()['10000002'] as DialogType;
  assert.equal(failed.getState(), 'FAILED');
  assert.equal(user.getState(), 'TALKING', 'the user node of the same label reached the User');
  const errors: any[] = [];
  const requestId = failed.requestAction('1001', 'DROP', { error: (rsp) => errors.push(rsp) });
  await settle();
  env.deliver({ node: '/finesse/api/User/agentA/Dialogs', text: updatesLabelled('busy-call').at(-1)!.text.replace('busy-1', requestId) });
  assert.equal(errors.length, 1);
  assert.deepEqual(errors[0].object, { ApiErrors: { ApiError: { ErrorData: '13', ErrorMessage: 'CF_DEVICE_BUSY', ErrorType: 'Device Busy' } } });
});

test('createNewCallDialog POSTs MAKE_CALL to the collection; getDialogs returns the same collection and still calls a later onLoad', async () => {
  const env = new RecordedFinesse();
  const { user, dialogs } = await userDialogs(env);
  const again = await loaded<DialogsType>((onLoad) => user.getDialogs({ onLoad }));
  assert.equal(again, dialogs);
  dialogs.createNewCallDialog('5550123', '1001');
  await settle();
  assert.equal(env.lastSent().method, 'POST');
  assert.equal(env.lastSent().path, '/finesse/api/User/agentA/Dialogs');
  assert.equal(
    env.lastSent().body,
    '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5550123</toAddress></Dialog>',
  );
  assert.ok(new Dialogs({ id: 'agentA' }).getRestUrl() === '/finesse/api/User/agentA/Dialogs');
});
