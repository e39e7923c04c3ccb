/**
 * The WorkflowAction configuration API (admin reference §7, §1, §15): list, get, create (200 + Location),
 * partial update, delete; BROWSER_POP and HTTP_REQUEST with their params and action variables; the name
 * rules (≤ 64, unique), ≤ 5 variables named ≤ 32, 100 actions in the system; every documented error; a
 * refused request changes nothing; an action a workflow runs cannot be deleted; the audit log.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configApi, configTestServer } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { actionBody, browserPop, createBrowserPop, createWorkflow } from '../support/workflows.js';
import type { XmlElement } from '../support/xml.js';
import { assertApiError, at, childNames, leaves } from '../support/xml.js';

const suite = configTestServer();
const { api } = suite;

const names = async () => (await api.read('admin', '/WorkflowActions')).children.map((c) => leaves(c).name);
const paramsOf = (action: XmlElement) => Object.fromEntries((at(action, 'params')?.children ?? []).map((p) => [leaves(p).name, leaves(p).value]));
const variablesOf = (action: XmlElement) => (at(action, 'actionVariables')?.children ?? []).map(leaves);

const HTTP_REQUEST = {
  type: 'HTTP_REQUEST',
  handledBy: 'OTHER',
  params: {
    method: 'PUT',
    location: 'FINESSE',
    contentType: 'application/xml',
    path: '/finesse/api/User/${agentId}',
    body: '<User><state>NOT_READY</state></User>',
  },
};

describe('WorkflowAction create, read, update, delete', () => {
  test('a BROWSER_POP: 200, empty body, Location; read back with every field in the reference order; listed; in the store', async () => {
    const id = await api.create(
      '/WorkflowAction',
      actionBody({
        name: 'Search CRM',
        type: 'BROWSER_POP',
        handledBy: 'FINESSE_DESKTOP',
        params: { path: 'http://crm.example.com/?q=${callVariable1}&x=1', windowName: 'crmWindow' },
        variables: [{ name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/value', type: 'SYSTEM', testValue: '12345' }],
      }),
    );
    const read = await api.read('admin', `/WorkflowAction/${id}`);
    assert.equal(read.name, 'WorkflowAction');
    assert.deepEqual(childNames(read), ['uri', 'name', 'type', 'handledBy', 'params', 'actionVariables']);
    assert.deepEqual(leaves(read), { uri: `/finesse/api/WorkflowAction/${id}`, name: 'Search CRM', type: 'BROWSER_POP', handledBy: 'FINESSE_DESKTOP' });
    assert.deepEqual(paramsOf(read), { path: 'http://crm.example.com/?q=${callVariable1}&x=1', windowName: 'crmWindow' });
    assert.deepEqual(childNames(at(read, 'params')!.children[0]!), ['name', 'value']);
    assert.deepEqual(variablesOf(read), [
      { name: 'callVariable1', node: '/Dialog/mediaProperties/callvariables/CallVariable/value', type: 'SYSTEM', testValue: '12345' },
    ]);
    assert.ok((await names()).includes('Search CRM'));
    const stored = (await suite.server.store.loadWorkflowActions()).find((a) => a.id === id);
    assert.equal(stored?.name, 'Search CRM');
    assert.equal(stored?.actionVariables.length, 1);
  });

  test('an HTTP_REQUEST with its five params; handledBy FINESSE_DESKTOP when left out; POST /WorkflowActions creates too', async () => {
    const id = await api.create('/WorkflowActions', actionBody({ name: 'Not ready via REST', ...HTTP_REQUEST }));
    const read = await api.read('admin', `/WorkflowAction/${id}`);
    assert.equal(leaves(read).handledBy, 'OTHER');
    assert.deepEqual(paramsOf(read), HTTP_REQUEST.params);
    const plain = await api.create('/WorkflowAction', actionBody({ name: 'Plain pop', type: 'BROWSER_POP', params: { path: 'http://x.example' } }));
    const plainRead = await api.read('admin', `/WorkflowAction/${plain}`);
    assert.equal(leaves(plainRead).handledBy, 'FINESSE_DESKTOP');
    assert.deepEqual(variablesOf(plainRead), []);
  });

  test('update is partial (finesse.js sends uri too); params and variables given replace the lists; delete removes it', async () => {
    const id = await createBrowserPop(api, 'Edited');
    await api.change('PUT', `/WorkflowAction/${id}`, actionBody({ uri: `/finesse/api/WorkflowAction/${id}`, name: 'Edited 2' }));
    let read = await api.read('admin', `/WorkflowAction/${id}`);
    assert.equal(leaves(read).name, 'Edited 2');
    assert.equal(paramsOf(read).windowName, 'crm');
    await api.change(
      'PUT',
      `/WorkflowAction/${id}`,
      actionBody({ params: { path: 'http://other.example/${DNIS}' }, variables: [{ name: 'DNIS', type: 'SYSTEM' }] }),
    );
    read = await api.read('admin', `/WorkflowAction/${id}`);
    assert.deepEqual(paramsOf(read), { path: 'http://other.example/${DNIS}' });
    assert.deepEqual(variablesOf(read), [{ name: 'DNIS', node: '', type: 'SYSTEM', testValue: '' }]);
    // A new type with the params of that type.
    await api.change('PUT', `/WorkflowAction/${id}`, actionBody({ type: 'HTTP_REQUEST', params: HTTP_REQUEST.params }));
    assert.equal(leaves(await api.read('admin', `/WorkflowAction/${id}`)).type, 'HTTP_REQUEST');
    await api.change('DELETE', `/WorkflowAction/${id}`);
    assertApiError(await api.call('admin', 'GET', `/WorkflowAction/${id}`), 404, 'Not Found', { data: id });
    assert.ok(!(await names()).includes('Edited 2'));
    // Its id is not handed out again.
    assert.ok(Number(await createBrowserPop(api, 'After delete')) > Number(id));
  });

  test('unknown ids are 404 Not Found on GET, PUT and DELETE (before the body is read)', async () => {
    assertApiError(await api.call('admin', 'GET', '/WorkflowAction/4040'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'PUT', '/WorkflowAction/4040', '<Nonsense/>'), 404, 'Not Found', { data: '4040' });
    assertApiError(await api.call('admin', 'DELETE', '/WorkflowAction/4040'), 404, 'Not Found', { data: '4040' });
  });
});

describe('WorkflowAction validation: each documented error, nothing changed', () => {
  test('required fields, types and params → 400 Bad Request naming the field or value', async () => {
    const before = await names();
    const post = (body?: string) => api.call('admin', 'POST', '/WorkflowAction', body);
    assertApiError(await post(actionBody({ type: 'BROWSER_POP', params: { path: 'http://x' } })), 400, 'Bad Request', { data: 'name' });
    assertApiError(await post(actionBody({ name: 'x', params: { path: 'http://x' } })), 400, 'Bad Request', { data: 'type' });
    assertApiError(await post(actionBody({ name: 'x', type: 'EMAIL', params: { path: 'http://x' } })), 400, 'Bad Request', { data: 'EMAIL' });
    assertApiError(await post(actionBody({ name: 'x', type: 'BROWSER_POP', handledBy: 'GADGET', params: { path: 'http://x' } })), 400, 'Bad Request', {
      data: 'GADGET',
    });
    assertApiError(await post(actionBody({ name: 'x', type: 'BROWSER_POP', params: { windowName: 'w' } })), 400, 'Bad Request', { data: 'path' });
    assertApiError(await post(actionBody({ name: 'x', type: 'BROWSER_POP', params: { path: 'http://x', method: 'PUT' } })), 400, 'Bad Request', {
      data: 'method',
    });
    assertApiError(await post(actionBody({ name: 'x', type: 'HTTP_REQUEST', params: { ...HTTP_REQUEST.params, method: 'GET' } })), 400, 'Bad Request', {
      data: 'GET',
    });
    assertApiError(await post(actionBody({ name: 'x', type: 'HTTP_REQUEST', params: { ...HTTP_REQUEST.params, location: 'ELSEWHERE' } })), 400, 'Bad Request', {
      data: 'ELSEWHERE',
    });
    const { location: _location, ...withoutLocation } = HTTP_REQUEST.params;
    assertApiError(await post(actionBody({ name: 'x', type: 'HTTP_REQUEST', params: withoutLocation })), 400, 'Bad Request', { data: 'location' });
    const twice =
      '<WorkflowAction><name>x</name><type>BROWSER_POP</type><params><Param><name>path</name><value>a</value></Param><Param><name>path</name><value>b</value></Param></params></WorkflowAction>';
    assertApiError(await post(twice), 400, 'Bad Request', { data: 'path' });
    assertApiError(await post(), 400, 'Bad Request');
    assertApiError(await post('<Workflow><name>x</name></Workflow>'), 400, 'Bad Request');
    assert.deepEqual(await names(), before);
  });

  test('the name 1–64 characters; variables named 1–32 characters, each once, typed SYSTEM or CUSTOM → 400 Bad Request', async () => {
    const before = await names();
    const post = (body: string) => api.call('admin', 'POST', '/WorkflowAction', body);
    assertApiError(await post(browserPop('n'.repeat(65))), 400, 'Bad Request', { data: 'n'.repeat(65) });
    const withVariables = (variables: { name: string; type?: string }[]) =>
      actionBody({ name: 'Vars', type: 'BROWSER_POP', params: { path: 'http://x' }, variables });
    assertApiError(await post(withVariables([{ name: 'v'.repeat(33) }])), 400, 'Bad Request', { data: 'v'.repeat(33) });
    assertApiError(await post(withVariables([{ name: '' }])), 400, 'Bad Request', { data: 'name' });
    assertApiError(await post(withVariables([{ name: 'a' }, { name: 'a' }])), 400, 'Bad Request', { data: 'a' });
    assertApiError(await post(withVariables([{ name: 'a', type: 'OTHER' }])), 400, 'Bad Request', { data: 'OTHER' });
    assert.deepEqual(await names(), before);
    const id = await api.create('/WorkflowAction', actionBody({ ...{ name: 'é'.repeat(64) }, type: 'BROWSER_POP', params: { path: 'http://x' } }));
    assert.equal(leaves(await api.read('admin', `/WorkflowAction/${id}`)).name, 'é'.repeat(64));
    const custom = await api.create('/WorkflowAction', withVariables([{ name: 'w'.repeat(32), type: 'CUSTOM' }]).replace('Vars', 'Vars ok'));
    assert.equal(variablesOf(await api.read('admin', `/WorkflowAction/${custom}`))[0]!.type, 'CUSTOM');
  });

  test('six variables → 400 Maximum Exceeded (after the name check); five are fine', async () => {
    const vars = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `v${i}`, type: 'SYSTEM' }));
    const body = (name: string, n: number) => actionBody({ name, type: 'BROWSER_POP', params: { path: 'http://x' }, variables: vars(n) });
    assertApiError(await api.call('admin', 'POST', '/WorkflowAction', body('Six', 6)), 400, 'Maximum Exceeded', { data: '5' });
    const id = await api.create('/WorkflowAction', body('Five', 5));
    assertApiError(await api.call('admin', 'PUT', `/WorkflowAction/${id}`, body('Five', 6)), 400, 'Maximum Exceeded', { data: '5' });
    assert.equal(variablesOf(await api.read('admin', `/WorkflowAction/${id}`)).length, 5);
  });

  test('a PUT with no updatable field is 400 Invalid Input; a bad value 400 Bad Request; a type without its params 400; unchanged', async () => {
    const id = await createBrowserPop(api, 'Stays');
    const put = (body: string) => api.call('admin', 'PUT', `/WorkflowAction/${id}`, body);
    assertApiError(await put(actionBody({ uri: `/finesse/api/WorkflowAction/${id}` })), 400, 'Invalid Input');
    assertApiError(await put(actionBody({ type: 'SMS' })), 400, 'Bad Request', { data: 'SMS' });
    assertApiError(await put(actionBody({ name: '' })), 400, 'Bad Request', { data: 'name' });
    // HTTP_REQUEST needs method and location, which a BROWSER_POP's params lack.
    assertApiError(await put(actionBody({ type: 'HTTP_REQUEST' })), 400, 'Bad Request');
    const read = await api.read('admin', `/WorkflowAction/${id}`);
    assert.deepEqual([leaves(read).name, leaves(read).type], ['Stays', 'BROWSER_POP']);
  });

  test('the name is unique (create and rename) → 400 Finesse API Error', async () => {
    await createBrowserPop(api, 'Unique action');
    const other = await createBrowserPop(api, 'Other action');
    const before = await names();
    assertApiError(await api.call('admin', 'POST', '/WorkflowAction', browserPop('Unique action')), 400, 'Finesse API Error', { data: 'Unique action' });
    assertApiError(await api.call('admin', 'PUT', `/WorkflowAction/${other}`, actionBody({ name: 'Unique action' })), 400, 'Finesse API Error');
    assert.deepEqual(await names(), before);
  });
});

describe('WorkflowAction limit: 100 in the system → 400 Maximum Exceeded', () => {
  test('the 101st action is refused', async () => {
    const fresh = await freshServer();
    try {
      const own = configApi(fresh.baseUrl);
      for (let i = 1; i <= 100; i++) await createBrowserPop(own, `Action ${i}`);
      assertApiError(await own.call('admin', 'POST', '/WorkflowAction', browserPop('Action 101')), 400, 'Maximum Exceeded', { data: '100' });
      assert.equal((await own.read('admin', '/WorkflowActions')).children.length, 100);
    } finally {
      await fresh.stop();
    }
  });
});

describe('Deleting an action a workflow runs', () => {
  test('is refused with 400 Finesse API Error naming the workflow; once the workflow drops it, the delete succeeds', async () => {
    const id = await createBrowserPop(api, 'In use');
    const workflow = await createWorkflow(api, 'Uses it', [id]);
    const refused = await api.call('admin', 'DELETE', `/WorkflowAction/${id}`);
    assertApiError(refused, 400, 'Finesse API Error', { data: id, message: /"Uses it"/ });
    assert.equal(leaves(await api.read('admin', `/WorkflowAction/${id}`)).name, 'In use');
    await api.change('PUT', `/Workflow/${workflow}`, '<Workflow><workflowActions/></Workflow>');
    await api.change('DELETE', `/WorkflowAction/${id}`);
  });
});

describe('Who may change workflow actions, and the audit log', () => {
  test('agents and supervisors get 401 Authorization Failure on every call; nothing changes', async () => {
    const id = await createBrowserPop(api, 'Admins only');
    const before = await names();
    for (const actor of ['agentA', 'supervisorA']) {
      assertApiError(await api.call(actor, 'GET', '/WorkflowActions'), 401, 'Authorization Failure', { data: actor });
      assertApiError(await api.call(actor, 'GET', `/WorkflowAction/${id}`), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'POST', '/WorkflowAction', browserPop('Mine')), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'PUT', `/WorkflowAction/${id}`, actionBody({ name: 'Mine' })), 401, 'Authorization Failure');
      assertApiError(await api.call(actor, 'DELETE', `/WorkflowAction/${id}`), 401, 'Authorization Failure');
    }
    assert.deepEqual(await names(), before);
  });

  test('each change is in the audit log with who, what, before and after', async () => {
    const id = await createBrowserPop(api, 'Audited');
    await api.change('PUT', `/WorkflowAction/${id}`, actionBody({ name: 'Audited 2' }));
    await api.change('DELETE', `/WorkflowAction/${id}`);
    const entries = (await suite.server.store.loadAudit({ limit: 100, resource: 'WorkflowAction' })).filter((e) => e.resourceId === id);
    assert.deepEqual(
      entries.map((e) => [e.action, e.actor]),
      [
        ['delete', 'admin'],
        ['update', 'admin'],
        ['create', 'admin'],
      ],
    );
    assert.equal(JSON.parse(entries[1]!.before!).name, 'Audited');
    assert.equal(JSON.parse(entries[1]!.after!).name, 'Audited 2');
    assert.deepEqual(JSON.parse(entries[0]!.before!).params, [
      { name: 'path', value: 'http://crm.example.com/?q=${callVariable1}' },
      { name: 'windowName', value: 'crm' },
    ]);
    assert.equal(entries[0]!.after, null);
  });
});
