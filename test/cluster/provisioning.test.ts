/**
 * The provisioning API in a cluster: a user created, changed, disabled or deleted through one node is read
 * by an administrator on any node at once (provisioning reads go to the store) and reaches the other
 * node's sign-in and Finesse reads through the change stream within moments.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChildServer } from '../support/child.js';
import { request } from '../support/http.js';
import { eventually, startTwoNodes, stopNode } from './support/node.js';

let a: ChildServer;
let b: ChildServer;

before(async () => {
  ({ a, b } = await startTwoNodes());
});

after(async () => {
  await Promise.all([a, b].filter(Boolean).map((n) => stopNode(n)));
});

const provision = (node: ChildServer, method: string, path: string, body?: unknown) =>
  request(node.baseUrl, method, `/openfinesse/api${path}`, {
    user: 'admin',
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
const signIn = (node: ChildServer, password: string) => request(node.baseUrl, 'GET', '/finesse/api/User/roamer', { user: 'roamer', password });

test('a user created on A signs in on B; a password set on B is the only one on A; disabled on A, refused on B; deleted on B, gone on A', async () => {
  const created = await provision(a, 'POST', '/users', { loginId: 'roamer', password: 'first', team: '1' });
  assert.equal(created.status, 201, created.body);
  assert.equal((await provision(b, 'GET', '/users/roamer')).status, 200, 'read from the store at once');
  await eventually(async () => assert.equal((await signIn(b, 'first')).status, 200), 5000);

  assert.equal((await provision(b, 'PUT', '/users/roamer', { password: 'second' })).status, 200);
  await eventually(async () => assert.equal((await signIn(a, 'first')).status, 401), 5000);
  assert.equal((await signIn(a, 'second')).status, 200);

  assert.equal((await provision(a, 'PUT', '/users/roamer', { disabled: true })).status, 200);
  await eventually(async () => assert.equal((await signIn(b, 'second')).status, 401), 5000);

  assert.equal((await provision(b, 'DELETE', '/users/roamer')).status, 204);
  assert.equal((await provision(a, 'GET', '/users/roamer')).status, 404);
  const audit = await request(a.baseUrl, 'GET', '/openfinesse/api/audit?resource=User&limit=10', { user: 'admin' });
  assert.deepEqual(
    (JSON.parse(audit.body) as { entries: { action: string; resourceId: string }[] }).entries.map((e) => `${e.action} ${e.resourceId}`),
    ['delete roamer', 'update roamer', 'update roamer', 'create roamer'],
  );
});
