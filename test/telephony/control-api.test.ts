import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { control, signIn, startCallServer } from './support/calls.js';
import type { CallTestServer } from './support/calls.js';

let server: CallTestServer;
before(async () => {
  server = await startCallServer();
});
after(() => server.stop());

test('the control API needs an administrator and answers JSON errors', async () => {
  const anonymous = await fetch(`${server.baseUrl}/openfinesse/api/calls`);
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.type, 'Authentication Failure');
  const agent = await fetch(`${server.baseUrl}/openfinesse/api/calls`, {
    headers: { authorization: `Basic ${Buffer.from('agentA:demo').toString('base64')}` },
  });
  assert.equal(agent.status, 401);
  const external = await control(server, 'POST', '/calls', { from: '4085550100', to: '4085559999' });
  assert.equal(external.status, 400);
  assert.equal(external.json.error.type, 'Invalid Destination');
  assert.equal((await control(server, 'POST', '/calls', { to: '5000' })).json.error.type, 'Parameter Missing');
  assert.equal((await control(server, 'POST', '/calls', { from: '1', to: '5000', callVariables: { callVariable99: 'x' } })).json.error.type, 'Invalid Input');
  assert.equal((await control(server, 'POST', '/calls/123/hangup')).status, 404);
  assert.equal((await control(server, 'GET', '/calls?since=yesterday')).status, 400);
});

test('the traffic generator places calls at its rate, agents answer by themselves, callers hang up after the talk time', async () => {
  await signIn(server, 'agentA', '1001');
  await signIn(server, 'agentB', '1002');
  const started = await control(server, 'POST', '/traffic', { to: '5000', rate: 6, talkSeconds: 20, durationSeconds: 60, agentAnswerSeconds: 2 });
  assert.equal(started.status, 201);
  assert.equal(started.json.placed, 1);
  server.clock.advance(2_000);
  let status = (await control(server, 'GET', '/traffic')).json;
  assert.deepEqual([status.running, status.placed, status.talking], [true, 1, 1]);
  server.clock.advance(58_000);
  status = (await control(server, 'GET', '/traffic')).json;
  assert.equal(status.placed, 6);
  assert.equal(status.running, false);
  server.clock.advance(600_000);
  status = (await control(server, 'GET', '/traffic')).json;
  assert.equal(status.finished, 6);
  const history = (await control(server, 'GET', '/calls?since=2026-01-01T00:00:00Z')).json.history;
  assert.equal(history.length, 6);
  assert.ok(history.every((r: { outcome: string; durationMs: number }) => r.outcome === 'completed' && r.durationMs === 20_000));
  assert.deepEqual((await control(server, 'DELETE', '/traffic')).json.running, false);
});
