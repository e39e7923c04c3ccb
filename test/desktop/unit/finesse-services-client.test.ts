import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentPrefs, gadgetWindow, plain, tick } from './support/finesse-js-window.js';

test('ClientServices.init refuses a config without host, restHost or credentials, with an Error', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  const base = { host: 'localhost', restHost: 'localhost', authorization: Buffer.from('agentA:demo').toString('base64') };
  assert.throws(
    () => cs.init(undefined),
    (e: Error) => e.name === 'Error' && /config object/.test(e.message),
  );
  assert.throws(() => cs.init({ ...base, host: '' }), /config\.host/);
  assert.throws(() => cs.init({ ...base, restHost: undefined }), /config\.restHost/);
  assert.throws(() => cs.init({ host: 'localhost', restHost: 'localhost' }), /authorization/);
  assert.throws(() => cs.init({ ...base, authorization: '%%%not base64' }), /not base64/);
  assert.throws(() => cs.init({ host: 'localhost', restHost: 'localhost', id: 'agentA' }), /authorization/);
  assert.equal(g.published.length, 0, 'nothing is requested until init succeeds');
  g.close();
});

test('ClientServices.init derives id and password from base64 authorization (UTF-8, colon in password) and returns itself', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs({ authorization: Buffer.from('agentA:pä:ss').toString('base64') }) });
  const cs = g.finesse.clientservices.ClientServices;
  const config = g.finesse.gadget.Config;
  assert.equal(cs.init(config, false), cs);
  assert.equal(config.id, 'agentA');
  assert.equal(config.password, 'pä:ss');
  const other = { host: 'h', restHost: 'r', id: 'agentB', password: 'demo' };
  cs.init(other);
  assert.equal((other as any).authorization, Buffer.from('agentB:demo').toString('base64'));
  assert.equal(cs.getRestHost(), 'r');
  assert.equal(cs.isMaster(), false);
  g.close();
});

test('start-up: subscriptions to finesse.info.connection and the response topic come before the ConnectionInfoReq', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  cs.init(g.finesse.gadget.Config);
  cs.init(g.finesse.gadget.Config);
  const requests = g.publishedOn('finesse.info.requests');
  assert.equal(requests.length, 1, 'a second init does not start up again');
  const { type, data, invokeID } = requests[0];
  assert.equal(type, 'ConnectionInfoReq');
  assert.deepEqual(data, {});
  assert.match(invokeID, /^[0-9a-f]{32}$/);
  assert.deepEqual(
    g.subscriptions.map((s) => s.topic),
    ['finesse.info.connection', `finesse.info.responses.${invokeID}`],
  );
  g.deliver('finesse.info.connection', { status: 'connected', resourceID: 'desktop-1', invokeID });
  assert.deepEqual(g.activeTopics(), ['finesse.info.connection'], 'the answer drops the response subscription');
  assert.equal(cs.getNotificationConnectionState(), 'connected');
  g.close();
});

test('status → handlers: connect on connected/recovered, disconnect on failing, the others on change; duplicates fire nothing', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  const seen: string[] = [];
  const onConnect = () => seen.push('connect');
  cs.registerOnConnectHandler(onConnect);
  cs.registerOnDisconnectHandler(() => seen.push('disconnect'));
  cs.registerOnConnectingHandler(() => seen.push('connecting'));
  cs.registerOnDisconnectingHandler(() => seen.push('disconnecting'));
  cs.registerOnReconnectingHandler(() => seen.push('reconnecting'));
  cs.registerOnUnloadingHandler(() => seen.push('unloading'));
  cs.registerOnConnectHandler(() => {
    throw new Error('a broken gadget handler');
  });
  cs.init(g.finesse.gadget.Config);
  const status = (s: string, invokeID?: string) => g.deliver('finesse.info.connection', { status: s, resourceID: 'r', ...(invokeID ? { invokeID } : {}) });
  status('connecting');
  status('connected');
  status('connected', 'someone-elses-request');
  status('failing');
  status('disconnected');
  status('reconnecting');
  status('recovered');
  status('disconnecting');
  status('unloading');
  assert.deepEqual(seen, ['connecting', 'connect', 'disconnect', 'reconnecting', 'connect', 'disconnecting', 'unloading']);
  cs.unregisterOnConnectHandler(onConnect);
  status('failing');
  status('connected');
  assert.deepEqual(seen.slice(7), ['disconnect']);
  g.close();
});

test('a connect handler registered once connected fires at once, asynchronously', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  cs.init(g.finesse.gadget.Config);
  const [{ invokeID }] = g.publishedOn('finesse.info.requests');
  g.deliver(`finesse.info.responses.${invokeID}`, { status: 'connected', resourceID: 'r', invokeID });
  let fired = 0;
  cs.registerOnConnectHandler(() => fired++);
  assert.equal(fired, 0, 'not synchronously');
  await tick(5);
  assert.equal(fired, 1);
  g.close();
});

test('subscribeNode/unsubscribeNode: request on finesse.info.requests, answer on finesse.info.responses.<invokeID>', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  cs.init(g.finesse.gadget.Config);
  const outcomes: unknown[] = [];
  cs.subscribeNode('/finesse/api/Queue/4', { success: (r: unknown) => outcomes.push(['ok', r]), error: (e: unknown) => outcomes.push(['error', plain(e)]) });
  cs.subscribeNode('/finesse/api/Team/2/Users', { success: () => outcomes.push('no'), error: (e: unknown) => outcomes.push(['error', plain(e)]) });
  cs.unsubscribeNode('/finesse/api/Queue/4', 'sub-9', (r: unknown) => outcomes.push(['raw', r]));
  const [, queueReq, teamReq, unsubReq] = g.publishedOn('finesse.info.requests');
  assert.deepEqual([queueReq.type, queueReq.data], ['SubscribeNodeReq', { node: '/finesse/api/Queue/4' }]);
  assert.deepEqual([unsubReq.type, unsubReq.data], ['UnsubscribeNodeReq', { node: '/finesse/api/Queue/4', subid: 'sub-9' }]);
  for (const r of [queueReq, teamReq, unsubReq]) assert.ok(g.activeTopics().includes(`finesse.info.responses.${r.invokeID}`));
  g.deliver(`finesse.info.responses.${queueReq.invokeID}`, undefined);
  const forbidden = { error: { errorType: 'Forbidden', errorMessage: 'not your team' } };
  g.deliver(`finesse.info.responses.${teamReq.invokeID}`, forbidden);
  g.deliver(`finesse.info.responses.${unsubReq.invokeID}`, undefined);
  assert.deepEqual(outcomes, [
    ['ok', undefined],
    ['error', forbidden.error],
    ['raw', undefined],
  ]);
  for (const r of [queueReq, teamReq, unsubReq]) assert.ok(!g.activeTopics().includes(`finesse.info.responses.${r.invokeID}`), 'answered: dropped');
  g.close();
});

test('makeRequest goes through gadgets.io.makeRequest with Basic (or Bearer under SSO) Authorization and locale', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs(), answer: () => ({ rc: 200, text: '<User/>' }) });
  const cs = g.finesse.clientservices.ClientServices;
  cs.init(g.finesse.gadget.Config);
  const answered = await new Promise<any>((resolve) => cs.makeRequest('http://localhost:8082/finesse/api/User/agentA', resolve, { METHOD: 'GET' }));
  assert.equal(answered.rc, 200);
  assert.deepEqual(g.requests[0]!.params.HEADERS, { Authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}`, locale: 'en_US' });
  cs.makeRequest('http://x/y', () => {}, { HEADERS: { authorization: 'Basic mine' } });
  assert.deepEqual(g.requests[1]!.params.HEADERS, { authorization: 'Basic mine', locale: 'en_US' });
  g.close();

  const sso = await gadgetWindow({ prefs: agentPrefs({ systemAuthMode: 'SSO', authToken: 'tok123' }) });
  sso.finesse.clientservices.ClientServices.init(sso.finesse.gadget.Config);
  sso.finesse.clientservices.ClientServices.makeRequest('http://x/y', () => {}, {});
  assert.equal(sso.requests[0]!.params.HEADERS.Authorization, 'Bearer tok123');
  sso.close();
});

test('subscribe/unsubscribe pass hub data to the handler; setLogger/log route lines to the gadget logger', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const cs = g.finesse.clientservices.ClientServices;
  const got: unknown[] = [];
  const handler = (data: unknown) => got.push(plain(data));
  cs.subscribe('acme.crm.pop', handler);
  g.deliver('acme.crm.pop', { ani: '5551234' });
  assert.equal(cs.unsubscribe('acme.crm.pop', handler), true);
  g.deliver('acme.crm.pop', { ani: 'late' });
  assert.deepEqual(got, [{ ani: '5551234' }]);
  const lines: string[] = [];
  cs.log('dropped: no logger yet');
  cs.setLogger({ log: (line: string) => lines.push(line) });
  cs.log('kept');
  assert.deepEqual(lines, ['kept']);
  g.close();
});

test('ClientLogger: one string per log() on finesse.clientLogging.<gadgetId>; ids with spaces; lines logged before init are kept', async () => {
  const g = await gadgetWindow({ prefs: agentPrefs() });
  const logger = g.finesse.cslogger.ClientLogger;
  logger.log('before init');
  assert.equal(g.published.length, 0);
  logger.init(g.window.gadgets.Hub, 'My CRM Gadget');
  logger.log({ step: 2 });
  const lines = g.publishedOn('finesse.clientLogging.My CRM Gadget');
  assert.equal(lines.length, 2);
  assert.ok(lines.every((line) => typeof line === 'string'));
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z My CRM Gadget: before init$/);
  assert.match(lines[1]!, /My CRM Gadget: \{"step":2\}$/);
  logger.init(g.window.gadgets.Hub, 'Other.Gadget', g.finesse.gadget.Config);
  logger.log('three args');
  assert.equal(g.publishedOn('finesse.clientLogging.Other_Gadget').length, 1);
  assert.throws(() => logger.init(undefined, 'x'), /hub/);
  g.close();
});
