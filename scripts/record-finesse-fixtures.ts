/**
 * Records what the finesse.js rest objects' unit tests replay (test/desktop/unit/finesse-rest-*.test.ts):
 * real REST answers of a demo openfinesse server and the real XMPP `<Update>` notifications of an inbound
 * call, an outbound call to a busy number (asynchronous apiErrors), state changes, team and queue updates.
 *
 *   node --import tsx scripts/record-finesse-fixtures.ts   → test/desktop/unit/fixtures/finesse-rest.json
 */
import { writeFileSync } from 'node:fs';
import { configApi } from '../test/support/config-api.js';
import { request } from '../test/support/http.js';
import { book, contact } from '../test/support/phone-books.js';
import { actionBody, teamWorkflows, workflowBody } from '../test/support/workflows.js';
import { createLayout } from '../test/support/layouts.js';
import { control, dialogAction, externalCall, newDialog, signIn, startXmppCallServer } from '../test/telephony/support/calls.js';
import type { XmppWatcher } from '../test/support/xmpp-updates.js';

const OUT = 'test/desktop/unit/fixtures/finesse-rest.json';

interface Recorded {
  status: number;
  body: string;
}

const server = await startXmppCallServer();
const api = configApi(server.baseUrl);
const rest: Record<string, Recorded> = {};
const writes: Record<string, Recorded> = {};
const updates: { label: string; node: string; text: string }[] = [];
const ids: Record<string, string> = {};

/** Keeps the answer under its path, or under `key` when the same path is read twice. */
async function get(path: string, user = 'agentA', key = `/finesse/api${path}`): Promise<void> {
  const r = await request(server.baseUrl, 'GET', `/finesse/api${path}`, { user });
  rest[key] = { status: r.status, body: r.body };
}

/** Runs `action`, waits for `count` notifications on `watcher`, and keeps them under `label`. */
async function step(label: string, watcher: XmppWatcher, count: number, action: () => Promise<unknown>): Promise<void> {
  await action();
  await watcher.until(count);
  for (const u of await watcher.takeUpdates()) updates.push({ label, node: u.node, text: u.text });
}

async function configure(): Promise<void> {
  ids.desk = await api.create('/PhoneBook', book({ name: 'Help Desk', type: 'GLOBAL' }));
  await api.create(`/PhoneBook/${ids.desk}/Contact`, contact({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: '5551001', description: 'Tier 2' }));
  await api.create(`/PhoneBook/${ids.desk}/Contact`, contact({ firstName: 'Alan', lastName: 'Turing', phoneNumber: '5551002', description: '' }));
  ids.vendors = await api.create('/PhoneBook', book({ name: 'Vendors', type: 'GLOBAL' }));
  await api.create(`/PhoneBook/${ids.vendors}/Contact`, contact({ firstName: 'Grace', lastName: 'Hopper', phoneNumber: '5552001', description: 'Compilers' }));
  ids.pop = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Search CRM',
      type: 'BROWSER_POP',
      handledBy: 'FINESSE_DESKTOP',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow's ${variable} placeholder, not a template
      params: { path: 'http://crm.example.com/?q=${callVariable1}', windowName: 'crm' },
      variables: [{ name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/value', type: 'SYSTEM', testValue: '12345' }],
    }),
  );
  ids.workflow = await api.create('/Workflow', workflowBody({ name: 'Pop CRM', description: 'CRM on answer', trigger: 'CALL_ANSWERED', actions: [ids.pop] }));
  await api.change('PUT', '/Team/1/Workflows', teamWorkflows(ids.workflow));
  ids.layout = await createLayout(api, 'Sales layout');
  await api.change(
    'PUT',
    '/Team/1/MediaPropertiesLayout',
    `<MediaPropertiesLayout><uri>/finesse/api/MediaPropertiesLayout/${ids.layout}</uri></MediaPropertiesLayout>`,
  );
}

async function readAll(): Promise<void> {
  for (const path of [
    '/User/agentA',
    '/User/agentA/Dialogs',
    '/User/agentA/ReasonCodes?category=NOT_READY',
    '/User/agentA/ReasonCodes?category=LOGOUT',
    '/User/agentA/WrapUpReasons',
    '/User/agentA/PhoneBooks',
    `/PhoneBook/${ids.desk}/Contacts`,
    '/User/agentA/Workflows',
    '/User/agentA/MediaPropertiesLayouts',
    '/User/agentA/MediaPropertiesLayout',
    '/User/agentA/Queues',
    '/Queue/1',
    '/SystemInfo',
    '/User/agentA/MediaList',
  ]) {
    await get(path);
  }
  await get(`/WorkflowAction/${ids.pop}`, 'admin');
  await get('/User/supervisorA', 'supervisorA');
  await get('/Team/1?includeLoggedOutAgents=true', 'supervisorA');
}

async function calls(agent: XmppWatcher): Promise<void> {
  await step('ready', agent, 1, () =>
    request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', {
      user: 'agentA',
      body: '<User><state>READY</state></User>',
      headers: { requestId: 'ready-1' },
    }),
  );
  const callId = await externalCall(server, '5000', '4085550100', { callVariables: { callVariable1: 'Chuck', 'user.account': 'A-42' } });
  ids.inbound = callId;
  await agent.until(2);
  for (const u of await agent.takeUpdates()) updates.push({ label: 'inbound-alerting', node: u.node, text: u.text });
  await get('/User/agentA/Dialogs', 'agentA', 'withCall:/finesse/api/User/agentA/Dialogs');
  await get(`/Dialog/${callId}`);
  await step('answer', agent, 2, () =>
    dialogAction(server, 'agentA', callId, '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>', 'answer-1'),
  );
  await step('call-data', agent, 1, () =>
    dialogAction(
      server,
      'agentA',
      callId,
      '<requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables><CallVariable><name>callVariable2</name><value>VIP</value></CallVariable></callvariables></mediaProperties>',
      'data-1',
    ),
  );
  await step('hangup', agent, 3, () => control(server, 'POST', `/calls/${callId}/hangup`));
  await step('end-wrap-up', agent, 2, () =>
    request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', {
      user: 'agentA',
      body: '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>',
      headers: { requestId: 'nr-1' },
    }),
  );
  await step('busy-call', agent, 5, () =>
    newDialog(server, 'agentA', '<requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>5550100</toAddress>', 'busy-1'),
  );
}

async function syncErrors(): Promise<void> {
  const bad = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>DANCING</state></User>' });
  writes.invalidState = { status: bad.status, body: bad.body };
  const accepted = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', { user: 'agentA', body: '<User><state>NOT_READY</state></User>' });
  writes.accepted = { status: accepted.status, body: accepted.body };
}

try {
  await configure();
  const agent = await server.watch('agentA');
  const supervisor = await server.watch('supervisorA');
  await signIn(server, 'supervisorA', '1003', false);
  await supervisor.subscribe('/finesse/api/Team/1/Users');
  await supervisor.subscribe('/finesse/api/Queue/1');
  await supervisor.takeUpdates();
  await step('login', agent, 1, () => signIn(server, 'agentA', '1001', false));
  await readAll();
  await calls(agent);
  server.clock.advance(10_000);
  await supervisor.until(1, '/finesse/api/Queue/1');
  await supervisor.sync();
  for (const u of await supervisor.takeUpdates()) updates.push({ label: 'supervisor', node: u.node, text: u.text });
  await syncErrors();
  writeFileSync(OUT, `${JSON.stringify({ ids, rest, writes, updates }, null, 1)}\n`);
  console.log(`${OUT}: ${Object.keys(rest).length} REST answers, ${updates.length} notifications`);
} finally {
  await server.stop();
}
