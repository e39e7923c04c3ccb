// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow params carry ${variable} placeholders by design
import assert from 'node:assert/strict';
import { request, setState } from '../../../support/http.js';
import { configApi } from '../../../support/config-api.js';
import { actionBody, teamWorkflows, workflowBody } from '../../../support/workflows.js';
import type { MasterRest } from '../../../../src/desktop/src/gadgets/master/ports.js';
import type { ProxyRequest, ProxyResponse } from '../../../../src/desktop/src/gadgets/protocol.js';
import type { XmppWatcher } from '../../../support/xmpp-updates.js';
import { control, dialogAction, externalCall, signIn, startXmppCallServer, type XmppCallServer } from '../../../telephony/support/calls.js';

/** One pubsub item as the server sent it: the node and the `<Update>` text. */
export interface RecordedItem {
  node: string;
  xml: string;
}

/** What a real server told agentA (team 1, extension 1001) during one answered Sales call. */
export interface RecordedCall {
  /** Every item of agentA's User and Dialogs nodes, in order: sign-in, ring, answer, hang-up, wrap-up, READY. */
  items: RecordedItem[];
  /** `GET /finesse/api/User/agentA/Workflows`, the workflows below with their actions embedded. */
  workflowsXml: string;
  /** `GET /finesse/api/User/agentA` once signed in. */
  userXml: string;
  dialogId: string;
}

/** The actions and workflows configured (team 1) before the call. */
async function configureWorkflows(baseUrl: string): Promise<void> {
  const api = configApi(baseUrl);
  const pop = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Pop CRM',
      type: 'BROWSER_POP',
      handledBy: 'FINESSE_DESKTOP',
      params: { path: 'http://crm.example.com/?q=${callVariable1}&from=${fromAddress}&x=${noSuchVariable}', windowName: 'crm ${callVariable1}' },
      variables: [
        { name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/name[.="callVariable1"]/../value', type: 'SYSTEM', testValue: 'T' },
      ],
    }),
  );
  const notify = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Notify CRM',
      type: 'HTTP_REQUEST',
      handledBy: 'OTHER',
      params: {
        method: 'POST',
        location: 'OTHER',
        contentType: 'application/json',
        path: 'http://crm.example.com/answered?agent=${agentId}',
        body: '{"caller":"${fromAddress}"}',
      },
    }),
  );
  const mark = await api.create(
    '/WorkflowAction',
    actionBody({
      name: 'Mark call',
      type: 'HTTP_REQUEST',
      handledBy: 'FINESSE_DESKTOP',
      params: {
        method: 'PUT',
        location: 'FINESSE',
        contentType: 'application/xml',
        path: '/finesse/api/Dialog/${dialogId}',
        body: '<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><callvariables><CallVariable><name>callVariable2</name><value>handled by ${agentId}</value></CallVariable></callvariables></mediaProperties></Dialog>',
      },
    }),
  );
  const ids = [
    await api.create(
      '/Workflow',
      workflowBody({
        name: 'Pop on arrival',
        trigger: 'CALL_ARRIVES',
        applyMethod: 'ALL',
        conditions: [
          { name: 'callVariable1', type: 'SYSTEM', comparator: 'IS_EQUAL', value: 'Chuck' },
          { name: 'queueName', type: 'SYSTEM', comparator: 'IS_IN_LIST', value: 'Support , Sales' },
        ],
        actions: [pop],
      }),
    ),
    await api.create(
      '/Workflow',
      workflowBody({
        name: 'Notify on answer',
        trigger: 'CALL_ANSWERED',
        applyMethod: 'ANY',
        conditions: [
          { name: 'DNIS', type: 'SYSTEM', comparator: 'BEGINS_WITH', value: '999' },
          { name: 'dialedNumber', type: 'SYSTEM', comparator: 'BEGINS_WITH', value: '50' },
        ],
        actions: [notify],
      }),
    ),
    await api.create(
      '/Workflow',
      workflowBody({
        name: 'Never',
        trigger: 'CALL_ANSWERED',
        conditions: [{ name: 'callVariable1', type: 'SYSTEM', comparator: 'IS_EQUAL', value: 'Nobody' }],
        actions: [pop],
      }),
    ),
    await api.create('/Workflow', workflowBody({ name: 'Mark on end', trigger: 'CALL_ENDS', conditions: [], actions: [mark] })),
  ];
  await api.change('PUT', '/Team/1/Workflows', teamWorkflows(...ids));
}

/** REST of the live server as `user` (password demo), in the master services' shape; the proxy is not there. */
function liveRest(baseUrl: string, user: string): MasterRest & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async finesse(method, path, body, contentType) {
      calls.push(`${method} ${path}`);
      const r = await request(baseUrl, method, `/finesse/api${path}`, {
        user,
        ...(body === undefined ? {} : { body }),
        ...(contentType ? { headers: { 'Content-Type': contentType } } : {}),
      });
      return { status: r.status, body: r.body };
    },
    proxy(proxied: ProxyRequest): Promise<ProxyResponse> {
      calls.push(`PROXY ${proxied.method} ${proxied.url}`);
      return Promise.resolve({ rc: 403, body: '', headers: {}, errors: ['403 Error'] });
    },
  };
}

/**
 * One Sales call to agentA (team 1, extension 1001) on a fresh demo server with the workflows above,
 * driven step by step; `take` hands over the items that arrived since the last take.
 */
export class LiveCall {
  dialogId = '';

  private constructor(
    private readonly server: XmppCallServer,
    private readonly agentA: XmppWatcher,
  ) {}

  /** Configured, agentA connected over XMPP, signed in and READY (those two items are waiting). */
  static async start(): Promise<LiveCall> {
    const server = await startXmppCallServer();
    try {
      await configureWorkflows(server.baseUrl);
      const agentA = await server.watch('agentA');
      await signIn(server, 'agentA', '1001');
      await agentA.until(2);
      return new LiveCall(server, agentA);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  rest(user = 'agentA'): MasterRest & { calls: string[] } {
    return liveRest(this.server.baseUrl, user);
  }

  async read(path: string): Promise<string> {
    const r = await request(this.server.baseUrl, 'GET', `/finesse/api${path}`, { user: 'agentA' });
    assert.equal(r.status, 200, `GET ${path}: ${r.body}`);
    return r.body;
  }

  /** The items that arrived since the last take, once at least `count` are there. */
  async take(count: number): Promise<RecordedItem[]> {
    await this.agentA.until(count);
    return (await this.agentA.takeUpdates()).map((u) => ({ node: u.node, xml: u.text }));
  }

  /** The caller dials the Sales queue (callVariable1 ' Chuck ', ECC user.account A-42): agentA RESERVED, POST ALERTING. */
  async ring(): Promise<void> {
    this.dialogId = await externalCall(this.server, '5000', '4085550100', { callVariables: { callVariable1: ' Chuck ', 'user.account': 'A-42' } });
  }

  /** agentA answers: PUT ACTIVE, TALKING. */
  async answer(): Promise<void> {
    const r = await dialogAction(
      this.server,
      'agentA',
      this.dialogId,
      '<requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress>',
    );
    assert.equal(r.status, 202, r.body);
  }

  /** The caller hangs up: PUT DROPPED (agent ACTIVE), PUT DROPPED (agent WRAP_UP), WORK_READY. */
  async hangUp(): Promise<void> {
    assert.equal((await control(this.server, 'POST', `/calls/${this.dialogId}/hangup`)).status, 202);
  }

  /** agentA READY again: READY, DELETE of the dialog. */
  async ready(): Promise<void> {
    assert.equal((await setState(this.server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** Runs the call on a fresh demo server, records agentA's items, and stops the server. */
export async function recordAnsweredCall(): Promise<RecordedCall> {
  const call = await LiveCall.start();
  try {
    const items = await call.take(2);
    await call.ring();
    items.push(...(await call.take(2)));
    await call.answer();
    items.push(...(await call.take(2)));
    await call.hangUp();
    items.push(...(await call.take(3)));
    await call.ready();
    items.push(...(await call.take(2)));
    return { items, workflowsXml: await call.read('/User/agentA/Workflows'), userXml: await call.read('/User/agentA'), dialogId: call.dialogId };
  } finally {
    await call.stop();
  }
}
