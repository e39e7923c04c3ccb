/**
 * TeamMessage reads and deletes: who may list, read and delete (admin reference §13), the errors for
 * those who may not, expiry on a manual clock (reads never show an expired message; its timer deletes
 * it), the audit log, and messages across a restart. Demo data: team 1 (agentA, agentB, supervisorA),
 * team 2 (agentC, supervisorB).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';
import { contentsOf, createTeamMessage } from '../support/team-messages.js';
import { assertApiError } from '../support/xml.js';

let server: TestServer;
let clock: ManualClock;
let base: string;
before(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  server = await freshServer({}, clock);
  base = server.baseUrl;
});
after(() => server.stop());

const call = (actor: string, method: string, path: string) => request(base, method, `/finesse/api${path}`, { user: actor });

describe('who may read and delete', () => {
  test('list: members and supervisors of the team and administrators; others 401; an unknown team 404 for administrators', async () => {
    assertApiError(await call('agentC', 'GET', '/Team/1/TeamMessages'), 401, 'Authorization Failure', { data: 'agentC', message: 'UNAUTHORIZED' });
    assertApiError(await call('supervisorB', 'GET', '/Team/1/TeamMessages'), 401, 'Authorization Failure', { data: 'supervisorB' });
    assertApiError(await call('agentA', 'GET', '/Team/99/TeamMessages'), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await call('admin', 'GET', '/Team/99/TeamMessages'), 404, 'Not Found', { data: '99' });
    assertApiError(await call('agentA', 'PUT', '/Team/1/TeamMessages'), 405, 'Method Not Allowed');
  });

  test('get: an unknown id, or one the caller may not see, is 404', async () => {
    const id = await createTeamMessage(base, 'supervisorA', 60, 'team 1', ['1']);
    assertApiError(await call('agentC', 'GET', `/TeamMessage/${id}`), 404, 'Not Found', { data: id });
    assertApiError(await call('agentA', 'GET', '/TeamMessage/nope'), 404, 'Not Found', { data: 'nope' });
    assert.equal((await call('admin', 'DELETE', `/TeamMessage/${id}`)).status, 200);
  });

  test("delete: agents 401 Authorization Failure; another team's supervisor 401 Invalid Supervisor; an unknown id 404; the creator, a supervisor of its teams, an admin 200", async () => {
    const id = await createTeamMessage(base, 'admin', 60, 'from admin', ['1']);
    assertApiError(await call('agentA', 'DELETE', `/TeamMessage/${id}`), 401, 'Authorization Failure', { data: 'agentA' });
    assertApiError(await call('supervisorB', 'DELETE', `/TeamMessage/${id}`), 401, 'Invalid Supervisor', { data: 'supervisorB' });
    assertApiError(await call('admin', 'DELETE', '/TeamMessage/nope'), 404, 'Not Found', { data: 'nope' });
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), ['from admin']);
    const r = await call('supervisorA', 'DELETE', `/TeamMessage/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body, '');
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), []);
    assertApiError(await call('supervisorA', 'DELETE', `/TeamMessage/${id}`), 404, 'Not Found', { data: id });
    const both = await createTeamMessage(base, 'admin', 60, 'both teams', ['1', '2']);
    assertApiError(await call('supervisorA', 'DELETE', `/TeamMessage/${both}`), 401, 'Invalid Supervisor', { data: 'supervisorA' });
    const own = await createTeamMessage(base, 'supervisorB', 60, 'own', ['2']);
    assert.equal((await call('supervisorB', 'DELETE', `/TeamMessage/${own}`)).status, 200);
    assert.equal((await call('admin', 'DELETE', `/TeamMessage/${both}`)).status, 200);
  });
});

describe('expiry and the audit log', () => {
  test('a message shows until its duration has passed, then is gone from lists and gets; its timer deletes the row', async () => {
    const id = await createTeamMessage(base, 'supervisorA', 30, 'short', ['1']);
    clock.advance(1000);
    await createTeamMessage(base, 'supervisorA', 90, 'longer', ['1']);
    clock.advance(28_999);
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), ['short', 'longer']);
    clock.advance(1);
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), ['longer']);
    assertApiError(await call('agentA', 'GET', `/TeamMessage/${id}`), 404, 'Not Found', { data: id });
    assertApiError(await call('supervisorA', 'DELETE', `/TeamMessage/${id}`), 404, 'Not Found', { data: id });
    await waitFor(async () => !(await server.store.loadTeamMessages()).some((m) => m.id === id));
    clock.advance(61_000);
    await waitFor(async () => (await server.store.loadTeamMessages()).length === 0);
    assert.deepEqual(await contentsOf(base, 'agentA', '1'), []);
  });

  test('creates and deletes are in the audit log (who, what, before/after); expiries are not', async () => {
    const id = await createTeamMessage(base, 'supervisorB', 60, 'audited', ['2']);
    assert.equal((await call('admin', 'DELETE', `/TeamMessage/${id}`)).status, 200);
    const audit = await fetch(`${base}/openfinesse/api/audit?resource=TeamMessage`, {
      headers: { authorization: `Basic ${Buffer.from('admin:demo').toString('base64')}` },
    });
    const entries = (
      (await audit.json()) as { entries: { actor: string; action: string; resourceId: string; before: unknown; after: unknown }[] }
    ).entries.filter((e) => e.resourceId === id);
    assert.deepEqual(
      entries.map((e) => [e.actor, e.action]),
      [
        ['admin', 'delete'],
        ['supervisorB', 'create'],
      ],
    );
    assert.match(JSON.stringify(entries[1]!.after), /audited/);
  });
});

describe('across a restart', () => {
  test('active messages are kept and still expire on time; those that expired while the server was down are dropped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-teammsg-'));
    const restartClock = new ManualClock(Date.UTC(2026, 0, 1, 9));
    const first = await freshServer({ dataDir }, restartClock);
    await createTeamMessage(first.baseUrl, 'supervisorA', 10, 'ten seconds', ['1']);
    await createTeamMessage(first.baseUrl, 'supervisorA', 100, 'hundred seconds', ['1']);
    await first.stop();
    restartClock.advance(50_000);
    const second = await freshServer({ dataDir, demo: false }, restartClock);
    try {
      assert.deepEqual(
        (await second.store.loadTeamMessages()).map((m) => m.content),
        ['hundred seconds'],
      );
      assert.deepEqual(await contentsOf(second.baseUrl, 'agentB', '1'), ['hundred seconds']);
      restartClock.advance(50_000);
      await waitFor(async () => (await second.store.loadTeamMessages()).length === 0);
      assert.deepEqual(await contentsOf(second.baseUrl, 'agentB', '1'), []);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
