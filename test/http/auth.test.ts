import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { queryStore } from '../support/store-rows.js';
import { request } from '../support/http.js';
import type { HttpResult } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { assertApiError } from '../support/xml.js';

let server: TestServer;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  server = await freshServer({}, clock);
});
afterEach(() => server.stop());

const getUser = (user: string, password: string, path = '/User/agentA'): Promise<HttpResult> =>
  request(server.baseUrl, 'GET', `/finesse/api${path}`, { user, password });
const raw = (authorization: string | undefined, path = '/finesse/api/User/agentA'): Promise<HttpResult> =>
  request(server.baseUrl, 'GET', path, authorization === undefined ? {} : { headers: { authorization } });

const ENDPOINTS: [string, string][] = [
  ['GET', '/User/agentA'],
  ['PUT', '/User/agentA'],
  ['GET', '/Users'],
  ['GET', '/Teams'],
  ['GET', '/Team/1'],
  ['GET', '/User/agentA/ReasonCodes?category=NOT_READY'],
  ['GET', '/User/agentA/ReasonCode/1'],
  ['GET', '/User/agentA/WrapUpReasons'],
  ['GET', '/User/agentA/WrapUpReason/1'],
  ['GET', '/SystemInfo'],
  ['DELETE', '/User/agentA'],
  ['GET', '/NoSuchThing'],
];

describe('Basic authentication on every /finesse/api request', () => {
  test('no credentials → 401 Authentication Failure, without a WWW-Authenticate challenge, and nothing happens', async () => {
    for (const [method, path] of ENDPOINTS) {
      const response = await request(
        server.baseUrl,
        method,
        `/finesse/api${path}`,
        method === 'PUT' ? { body: '<User><state>LOGIN</state><extension>1001</extension></User>' } : {},
      );
      assertApiError(response, 401, 'Authentication Failure', { message: 'UNAUTHORIZED' });
      assert.equal(response.headers.get('www-authenticate'), null);
    }
    assert.equal(server.directory.statusOf('agentA').state, 'LOGOUT');
  });

  test('wrong password or unknown user → 401 with the user name as ErrorData', async () => {
    assertApiError(await getUser('agentA', 'wrong'), 401, 'Authentication Failure', { message: 'UNAUTHORIZED', data: 'agentA' });
    assertApiError(await getUser('mallory', 'demo'), 401, 'Authentication Failure', { data: 'mallory' });
  });

  test('other schemes and garbage headers → 401', async () => {
    for (const header of [
      'Bearer abc.def',
      'Basic',
      'Basic !!!!',
      `Basic ${Buffer.from('agentA').toString('base64')}`,
      `Basic ${Buffer.from(':demo').toString('base64')}`,
    ]) {
      assertApiError(await raw(header), 401, 'Authentication Failure');
    }
  });

  test('the right password works by loginId; the scheme name is case-insensitive', async () => {
    assert.equal((await getUser('agentA', 'demo')).status, 200);
    assert.equal((await raw(`basic ${Buffer.from('agentA:demo').toString('base64')}`)).status, 200);
  });

  test('passwords are kept only as salted SCRAM-SHA-1 and SCRAM-SHA-256 records', async () => {
    const rows = await queryStore<{ login_id: string; credentials: string }>(server.dataDir, 'SELECT login_id, credentials FROM users');
    assert.equal(rows.length, 6);
    const salts = new Set<string>();
    for (const row of rows) {
      const credentials = JSON.parse(row.credentials) as Record<string, { salt: string; iterations: number; storedKey: string; serverKey: string }>;
      assert.deepEqual(Object.keys(credentials).sort(), ['SCRAM-SHA-1', 'SCRAM-SHA-256']);
      for (const record of Object.values(credentials)) {
        assert.ok(record.iterations >= 4096);
        assert.deepEqual(Object.keys(record).sort(), ['iterations', 'salt', 'serverKey', 'storedKey']);
        salts.add(record.salt);
      }
      assert.ok(!row.credentials.includes('"demo"'));
    }
    assert.equal(salts.size, 12, 'every record has its own salt');
  });
});

describe('lockout', () => {
  test('5 consecutive failures lock the account for 5 minutes, even for the right password', async () => {
    for (let i = 0; i < 5; i++) assertApiError(await getUser('agentA', `bad${i}`), 401, 'Authentication Failure', { message: 'UNAUTHORIZED' });
    assertApiError(await getUser('agentA', 'demo'), 401, 'Authentication Failure', { message: 'ACCOUNT_LOCKED', data: 'agentA' });
    clock.advance(5 * 60_000 - 1);
    assertApiError(await getUser('agentA', 'demo'), 401, 'Authentication Failure', { message: 'ACCOUNT_LOCKED' });
    clock.advance(1);
    assert.equal((await getUser('agentA', 'demo')).status, 200);
  });

  test('attempts while locked do not extend the lock; the count starts over after it', async () => {
    for (let i = 0; i < 5; i++) await getUser('agentA', 'bad');
    clock.advance(4 * 60_000);
    for (let i = 0; i < 3; i++) assertApiError(await getUser('agentA', 'bad'), 401, 'Authentication Failure', { message: 'ACCOUNT_LOCKED' });
    clock.advance(60_000);
    for (let i = 0; i < 4; i++) assertApiError(await getUser('agentA', 'bad'), 401, 'Authentication Failure', { message: 'UNAUTHORIZED' });
    assert.equal((await getUser('agentA', 'demo')).status, 200);
  });

  test('a success resets the count', async () => {
    for (let i = 0; i < 4; i++) await getUser('agentA', 'bad');
    assert.equal((await getUser('agentA', 'demo')).status, 200);
    for (let i = 0; i < 4; i++) await getUser('agentA', 'bad');
    assert.equal((await getUser('agentA', 'demo')).status, 200);
  });

  test('a locked account does not lock the others', async () => {
    for (let i = 0; i < 5; i++) await getUser('agentB', 'bad', '/User/agentB');
    assertApiError(await getUser('agentB', 'demo', '/User/agentB'), 401, 'Authentication Failure', { message: 'ACCOUNT_LOCKED' });
    assert.equal((await getUser('agentA', 'demo')).status, 200);
  });

  test('the policy is configurable (--lockout-failures, --lockout-seconds)', async () => {
    const strict = await freshServer({ lockout: { maxFailures: 2, lockMs: 10_000 } }, clock);
    try {
      const get = (password: string) => request(strict.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA', password });
      await get('bad');
      await get('bad');
      assertApiError(await get('demo'), 401, 'Authentication Failure', { message: 'ACCOUNT_LOCKED' });
      clock.advance(10_000);
      assert.equal((await get('demo')).status, 200);
    } finally {
      await strict.stop();
    }
  });
});

describe('roles (reference §2.4)', () => {
  // [actor, method, path, expected status]
  const MATRIX: [string, string, string, number][] = [
    ['agentA', 'GET', '/User/agentA', 200],
    ['agentA', 'GET', '/User/supervisorA', 401],
    ['agentA', 'GET', '/Users', 401],
    ['agentA', 'GET', '/Teams', 401],
    ['agentA', 'GET', '/Team/1', 401],
    ['agentA', 'GET', '/User/agentA/ReasonCodes?category=NOT_READY', 200],
    ['agentA', 'GET', '/User/agentB/WrapUpReasons', 401],
    ['agentA', 'GET', '/SystemInfo', 200],
    ['supervisorA', 'GET', '/User/supervisorA', 200],
    ['supervisorA', 'GET', '/Team/1', 200],
    ['supervisorA', 'GET', '/Team/2', 401],
    ['supervisorA', 'GET', '/Users', 401],
    ['supervisorA', 'GET', '/Teams', 401],
    ['supervisorA', 'GET', '/User/supervisorA/WrapUpReasons', 200],
    ['admin', 'GET', '/Users', 200],
    ['admin', 'GET', '/Teams', 200],
    ['admin', 'GET', '/User/agentC', 200],
    ['admin', 'GET', '/Team/1', 200],
    ['admin', 'GET', '/Team/2', 200],
    ['admin', 'GET', '/User/agentA/ReasonCodes?category=LOGOUT', 200],
    ['admin', 'GET', '/User/agentA/WrapUpReason/1', 200],
    ['admin', 'GET', '/SystemInfo', 200],
  ];
  test('who may read what', async () => {
    for (const [actor, method, path, status] of MATRIX) {
      const response = await request(server.baseUrl, method, `/finesse/api${path}`, { user: actor });
      assert.equal(response.status, status, `${actor} ${method} ${path}: ${response.body}`);
    }
  });

  test('an administrator cannot sign in (not an agent) nor change an agent', async () => {
    const signIn = await request(server.baseUrl, 'PUT', '/finesse/api/User/admin', {
      user: 'admin',
      body: '<User><state>LOGIN</state><extension>1009</extension></User>',
    });
    assertApiError(signIn, 401, 'Authorization Failure', { data: 'admin' });
    const change = await request(server.baseUrl, 'PUT', '/finesse/api/User/agentA', {
      user: 'admin',
      body: '<User><state>LOGIN</state><extension>1001</extension></User>',
    });
    assertApiError(change, 401, 'Invalid Authorization User Specified');
  });
});
