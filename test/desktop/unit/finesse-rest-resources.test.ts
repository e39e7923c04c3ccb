// The other finesse.restservices resources (gadget reference §4.3) against this server's recordings:
// phone books and contacts, reason codes, wrap-up reasons, workflows, media properties layouts, queues,
// team users, SystemInfo, and the MediaList seam.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtures, loaded, RecordedFinesse, updatesLabelled } from './finesse-rest-harness.js';
import { createRestServices, registerMediaList } from '../../../src/desktop/src/gadgets/finesse-js/rest/index.js';
import type { RestObject } from '../../../src/desktop/src/gadgets/finesse-js/rest/rest-object.js';
import type { User as UserType } from '../../../src/desktop/src/gadgets/finesse-js/rest/user.js';

const R = createRestServices();

const agent = () => loaded<UserType>((onLoad) => new R.User({ id: 'agentA', onLoad }));
const items = (collection: { getCollection(): Record<string, RestObject> }) => Object.values(collection.getCollection()) as any[];

test("PhoneBooks embed contacts (object for one, array for several); getContacts GETs the book's Contacts", async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const books = await loaded<any>((onLoad) => user.getPhoneBooks({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/PhoneBooks');
  assert.equal(books.length, 2);
  const [desk, vendors] = items(books);
  assert.ok(desk instanceof R.PhoneBook);
  assert.deepEqual([desk.getId(), desk.getName(), desk.getType()], [fixtures.ids.desk, 'Help Desk', 'GLOBAL']);
  assert.equal(desk.getEmbeddedContacts().Contact.length, 2);
  assert.equal(vendors.getEmbeddedContacts().Contact.firstName, 'Grace');
  const contacts = await loaded<any>((onLoad) => desk.getContacts({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, `/finesse/api/PhoneBook/${fixtures.ids.desk}/Contacts`);
  assert.deepEqual(
    items(contacts).map((c) => [c instanceof R.Contact, c.getId(), c.getFirstName(), c.getLastName(), c.getPhoneNumber(), c.getDescription()]),
    [
      [true, '1', 'Ada', 'Lovelace', '5551001', 'Tier 2'],
      [true, '2', 'Alan', 'Turing', '5551002', ''],
    ],
  );
});

test('NOT_READY and LOGOUT reason codes by category; wrap-up reasons', async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const notReady = await loaded<any>((onLoad) => user.getNotReadyReasonCodes({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/ReasonCodes?category=NOT_READY');
  const signOut = await loaded<any>((onLoad) => user.getSignOutReasonCodes({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/ReasonCodes?category=LOGOUT');
  assert.deepEqual(
    items(notReady).map((r) => `${r.getId()} ${r.getCode()} ${r.getLabel()} ${r.getCategory()} ${r.isForAll()} ${r.isSystemCode()}`),
    ['1 10 Break NOT_READY true false', '2 11 Lunch NOT_READY true false', '3 12 Team Meeting NOT_READY true false', '4 13 Training NOT_READY false false'],
  );
  assert.deepEqual(
    items(signOut).map((r) => r.getLabel()),
    ['End of Shift', 'Personal'],
  );
  const wrapUps = await loaded<any>((onLoad) => user.getWrapUpReasons({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/WrapUpReasons');
  assert.deepEqual(
    items(wrapUps).map((w) => [w instanceof R.WrapUpReason, w.getId(), w.getLabel(), w.isForAll()]),
    [
      [true, '1', 'Sales Inquiry', true],
      [true, '2', 'Product Question', true],
      [true, '3', 'Billing Issue', true],
    ],
  );
});

test('Workflows with their actions embedded; a WorkflowAction alone', async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const workflows = await loaded<any>((onLoad) => user.loadWorkflows({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/Workflows');
  assert.equal(workflows.length, 1);
  const [workflow] = items(workflows);
  assert.deepEqual([workflow.getName(), workflow.getDescription(), workflow.getTriggerSet().name], ['Pop CRM', 'CRM on answer', 'CALL_ANSWERED']);
  const actions = workflow.getWorkflowActions();
  assert.equal(actions.length, 1);
  const [action] = items(actions);
  assert.ok(action instanceof R.WorkflowAction);
  assert.deepEqual([action.getName(), action.getType(), action.getHandledBy()], ['Search CRM', 'BROWSER_POP', 'FINESSE_DESKTOP']);
  assert.deepEqual(action.getParams(), [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow's ${variable} placeholder, not a template
    { name: 'path', value: 'http://crm.example.com/?q=${callVariable1}' },
    { name: 'windowName', value: 'crm' },
  ]);
  assert.deepEqual(action.getActionVariables(), [
    { name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/value', type: 'SYSTEM', testValue: '12345' },
  ]);
  const alone = await loaded<any>((onLoad) => new R.WorkflowAction({ id: fixtures.ids.pop, onLoad }));
  assert.equal(env.sent.at(-1)!.path, `/finesse/api/WorkflowAction/${fixtures.ids.pop}`);
  assert.equal(alone.getName(), 'Search CRM');
});

test("MediaPropertiesLayouts (gadgets read _data.column of the items) and the user's own layout", async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const layouts = await loaded<any>((onLoad) => user.getMediaPropertiesLayouts({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/MediaPropertiesLayouts');
  const [layout] = items(layouts);
  assert.equal(layouts._collection[fixtures.ids.layout!], layout);
  assert.equal(layout._data.column.length, 2);
  assert.deepEqual([layout.getName(), layout.getType()], ['Sales layout', 'CUSTOM']);
  assert.deepEqual(layout.getHeaderEntries(), [{ displayName: 'Account', mediaProperty: 'callVariable3' }]);
  assert.deepEqual(layout.getColumns(), [
    [{ displayName: 'Var 1', mediaProperty: 'callVariable1' }],
    [{ displayName: 'Var 2', mediaProperty: 'callVariable2' }],
  ]);
  const own = await loaded<any>((onLoad) => user.getMediaPropertiesLayout({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/MediaPropertiesLayout');
  assert.equal(own.getDescription(), 'Sales layout description');
});

test('Queue and Queues: explicit node subscriptions, statistics replaced by the recorded Queue Update', async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const queues = await loaded<any>((onLoad) => user.getQueues({ onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/Queues');
  const sales = items(queues)[0];
  assert.deepEqual([sales.getId(), sales.getName(), sales.getStatistics().agentsNotReady], ['1', 'Sales', '2']);
  const changes: string[] = [];
  const queue = await loaded<any>((onLoad) => new R.Queue({ id: '1', onLoad, onChange: (q: any) => changes.push(q.getStatistics().agentsTalkingOutbound) }));
  assert.deepEqual(env.explicitNodes, ['/finesse/api/User/agentA/Queues', '/finesse/api/Queue/1']);
  env.deliver(updatesLabelled('supervisor').find((u) => u.node === '/finesse/api/Queue/1')!);
  assert.deepEqual(changes, ['1']);
  assert.equal(queue.getStatistics().agentsNotReady, '1');
});

test('Team users from the Team document, kept current from the Team Users node', async () => {
  const env = new RecordedFinesse({ id: 'supervisorA' });
  const team = await loaded<any>((onLoad) => new R.Team({ id: '1', onLoad }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/Team/1?includeLoggedOutAgents=true');
  assert.equal(team.getName(), 'Team A');
  const changed: string[] = [];
  const users = await loaded<any>((onLoad) => team.getUsers({ onLoad }));
  assert.equal(team.getUsers(), users, 'one Users collection per team');
  assert.deepEqual(env.explicitNodes, ['/finesse/api/Team/1/Users']);
  const alice = users.getCollection().agentA;
  assert.ok(alice instanceof R.User);
  assert.deepEqual([alice.getFirstName(), alice.getExtension(), alice.getState()], ['Alice', '1001', 'NOT_READY']);
  alice.addHandler('change', (u: UserType) => changed.push(u.getState()));
  for (const u of updatesLabelled('supervisor').filter((x) => x.node === '/finesse/api/Team/1/Users')) env.deliver(u);
  assert.deepEqual(changed, ['NOT_READY', 'READY', 'RESERVED', 'TALKING', 'WORK_READY', 'NOT_READY', 'TALKING']);
  assert.equal(users.length, items(users).length);
});

test('SystemInfo', async () => {
  const env = new RecordedFinesse();
  const info = await loaded<any>((onLoad) => new R.SystemInfo({ onLoad }));
  assert.equal(env.sent[0]!.path, '/finesse/api/SystemInfo');
  assert.deepEqual(
    [info.getStatus(), info.getDeploymentType(), info.getXmppDomain(), info.getSystemAuthMode(), info.isSSOEnabled(), info.getPrimaryNode().host],
    ['IN_SERVICE', 'UCCE', 'localhost', 'NON_SSO', false, 'localhost'],
  );
  assert.deepEqual(
    [info.getStatusReason(), info.getCurrentTimestamp(), info.getXmppPubSubDomain(), info.getSecondaryNode().host, info.getPeripheralId(), info.getRestUrl()],
    ['', '2026-01-01T09:00:00.000Z', 'pubsub.localhost', null, '5000', '/finesse/api/SystemInfo'],
  );
});

test("getMediaList: without a registered MediaList the server's 404 reaches onError; a registered factory is used", async () => {
  const env = new RecordedFinesse();
  const user = await agent();
  const rsp: any = await new Promise((resolve) => user.getMediaList({ onError: resolve }));
  assert.equal(env.sent.at(-1)!.path, '/finesse/api/User/agentA/MediaList');
  assert.equal(rsp.status, 404);
  const made: unknown[] = [];
  registerMediaList((owner, options) => {
    made.push(owner);
    return new R.SystemInfo(options);
  });
  const other = await agent();
  other.getMediaList({});
  assert.deepEqual(made, [other]);
});
