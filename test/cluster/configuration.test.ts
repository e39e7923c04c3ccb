/**
 * The configuration APIs in a cluster: a change made on one node is read by an administrator on any
 * other node at once (administrators' reads go to the store), reaches the other nodes' agent-facing reads
 * through the change stream (their configuration cache reloads), and is in the one audit log.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { request } from '../support/http.js';
import { parseXml } from '../support/xml.js';
import { eventually, startTwoNodes, stopNode } from './support/node.js';

let a: ChildServer;
let b: ChildServer;

before(async () => {
  ({ a, b } = await startTwoNodes());
});

after(async () => {
  await Promise.all([a, b].filter(Boolean).map((n) => stopNode(n)));
});

const call = (node: ChildServer, user: string, method: string, path: string, body?: string) =>
  request(node.baseUrl, method, `/finesse/api${path}`, { user, ...(body !== undefined ? { body } : {}) });
async function idsOn(node: ChildServer, user: string, path: string): Promise<string[]> {
  const r = await call(node, user, 'GET', path);
  assert.equal(r.status, 200, r.body);
  return parseXml(r.body).children.map(
    (c) =>
      c.children
        .find((e) => e.name === 'uri')!
        .text.split('/')
        .pop()!,
  );
}

test('a reason code created on node A: read by an administrator on B at once, offered to agents on B within moments; deleted on B, gone on A', async () => {
  const created = await call(
    a,
    'admin',
    'POST',
    '/ReasonCode',
    '<ReasonCode><category>NOT_READY</category><code>808</code><label>Clustered</label><forAll>true</forAll></ReasonCode>',
  );
  assert.equal(created.status, 200, created.body);
  const id = (created.headers.get('location') ?? '').split('/').pop()!;
  assert.equal((await call(b, 'admin', 'GET', `/ReasonCode/${id}`)).status, 200);
  await eventually(async () => assert.ok((await idsOn(b, 'agentA', '/User/agentA/ReasonCodes?category=NOT_READY')).includes(id)), 5000);

  // A duplicate is refused on B as on A: B decides on the store's configuration.
  const duplicate = await call(
    b,
    'admin',
    'POST',
    '/ReasonCode',
    '<ReasonCode><category>NOT_READY</category><code>808</code><label>Again</label><forAll>true</forAll></ReasonCode>',
  );
  assert.equal(duplicate.status, 400, duplicate.body);

  assert.equal((await call(b, 'admin', 'DELETE', `/ReasonCode/${id}`)).status, 200);
  assert.equal((await call(a, 'admin', 'GET', `/ReasonCode/${id}`)).status, 404);
  await eventually(async () => assert.ok(!(await idsOn(a, 'agentA', '/User/agentA/ReasonCodes?category=NOT_READY')).includes(id)), 5000);
});

test("a team assignment made on B reaches the team's agents on A; both changes are in the one audit log, newest first", async () => {
  const assigned = await call(b, 'admin', 'PUT', '/Team/2/WrapUpReasons', '<WrapUpReasons/>');
  assert.equal(assigned.status, 200, assigned.body);
  await eventually(async () => assert.ok(!(await idsOn(a, 'agentC', '/User/agentC/WrapUpReasons')).includes('4')), 5000);
  const audit = await request(a.baseUrl, 'GET', '/openfinesse/api/audit', { user: 'admin' });
  assert.equal(audit.status, 200, audit.body);
  const entries = (JSON.parse(audit.body) as { entries: { action: string; resource: string }[] }).entries;
  assert.deepEqual(
    entries.map((e) => `${e.action} ${e.resource}`),
    ['assign Team/WrapUpReasons', 'delete ReasonCode', 'create ReasonCode'],
  );
});

test("workflows made on A are read by B's agents at once (from the store); a reason code assigned on B reaches TeamResource on A", async () => {
  const action = await call(
    a,
    'admin',
    'POST',
    '/WorkflowAction',
    '<WorkflowAction><name>Cluster pop</name><type>BROWSER_POP</type><params><Param><name>path</name><value>http://crm/${DNIS}</value></Param></params></WorkflowAction>',
  );
  assert.equal(action.status, 200, action.body);
  const actionId = (action.headers.get('location') ?? '').split('/').pop()!;
  const workflow = await call(
    a,
    'admin',
    'POST',
    '/Workflow',
    `<Workflow><name>Cluster workflow</name><TriggerSet><name>CALL_ANSWERED</name></TriggerSet><workflowActions><WorkflowAction><uri>/finesse/api/WorkflowAction/${actionId}</uri></WorkflowAction></workflowActions></Workflow>`,
  );
  assert.equal(workflow.status, 200, workflow.body);
  const workflowId = (workflow.headers.get('location') ?? '').split('/').pop()!;
  const assigned = await call(
    a,
    'admin',
    'PUT',
    '/Team/1/Workflows',
    `<Workflows><Workflow><uri>/finesse/api/Workflow/${workflowId}</uri></Workflow></Workflows>`,
  );
  assert.equal(assigned.status, 200, assigned.body);
  assert.deepEqual(await idsOn(b, 'agentA', '/User/agentA/Workflows'), [workflowId]);
  assert.deepEqual(await idsOn(b, 'agentB', '/TeamResource/1/Workflows'), [workflowId]);
  // The action is in use on every node: B refuses to delete it.
  assert.equal((await call(b, 'admin', 'DELETE', `/WorkflowAction/${actionId}`)).status, 400);

  assert.equal(
    (
      await call(
        b,
        'admin',
        'PUT',
        '/Team/1/ReasonCodes?category=LOGOUT',
        '<ReasonCodes><ReasonCode><uri>/finesse/api/ReasonCode/7</uri></ReasonCode></ReasonCodes>',
      )
    ).status,
    200,
  );
  await eventually(async () => assert.ok((await idsOn(a, 'agentA', '/TeamResource/1/ReasonCodes?category=LOGOUT')).includes('7')), 5000);
  assert.equal((await call(b, 'admin', 'DELETE', `/Workflow/${workflowId}`)).status, 200);
  assert.deepEqual(await idsOn(a, 'agentA', '/User/agentA/Workflows'), []);
});

test('a call-variable layout and a desktop layout set on A are what agents on B read at once (layouts are read from the store)', async () => {
  const created = await call(
    a,
    'admin',
    'POST',
    '/MediaPropertiesLayout',
    '<MediaPropertiesLayout><name>Cluster layout</name><header><entry><displayName>Customer</displayName><mediaProperty>callVariable1</mediaProperty></entry></header></MediaPropertiesLayout>',
  );
  assert.equal(created.status, 200, created.body);
  const uri = new URL(created.headers.get('location') ?? '').pathname;
  assert.equal(
    (await call(a, 'admin', 'PUT', '/Team/2/MediaPropertiesLayout', `<MediaPropertiesLayout><uri>${uri}</uri></MediaPropertiesLayout>`)).status,
    200,
  );
  const layout = await call(b, 'agentC', 'GET', '/User/agentC/MediaPropertiesLayout');
  assert.equal(layout.status, 200, layout.body);
  assert.equal(parseXml(layout.body).children.find((c) => c.name === 'name')?.text, 'Cluster layout');

  const xml = '<finesseLayout><layout><role>Agent</role><page><gadget>/3rdpartygadget/files/cluster.xml</gadget></page></layout></finesseLayout>';
  const escaped = xml.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const set = await call(
    a,
    'admin',
    'PUT',
    '/Team/2/LayoutConfig',
    `<TeamLayoutConfig><useDefault>false</useDefault><layoutxml>${escaped}</layoutxml></TeamLayoutConfig>`,
  );
  assert.equal(set.status, 200, set.body);
  const read = await call(b, 'agentC', 'GET', '/TeamResource/2/LayoutConfig');
  assert.equal(read.status, 200, read.body);
  assert.equal(parseXml(read.body).children.find((c) => c.name === 'layoutxml')?.text, xml);
});
