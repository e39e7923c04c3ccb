/**
 * The audit log of configuration changes, `GET /openfinesse/api/audit` (JSON, administrators only): one
 * entry per change — who, when, what (resource and id), the action, the item before and after — none for
 * a refused request; newest first; filters by time, actor and resource; paging with limit and cursor.
 * A manual clock makes every entry's time known; a second administrator (admin2) comes from a site file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.js';
import type { ConfigApi } from '../support/config-api.js';
import { configApi, xmlObject } from '../support/config-api.js';
import { freshServer } from '../support/fresh.js';
import { request } from '../support/http.js';
import type { TestServer } from '../support/server.js';

interface Entry {
  id: number;
  at: string;
  actor: string;
  resource: string;
  resourceId: string;
  action: string;
  before: unknown;
  after: unknown;
}
interface Page {
  entries: Entry[];
  nextCursor: string | null;
}

const START = Date.UTC(2026, 4, 5, 9, 0, 0);
const clock = new ManualClock(START);
let server: TestServer;
let admin: ConfigApi;
let admin2: ConfigApi;

before(async () => {
  const site = join(mkdtempSync(join(tmpdir(), 'openfinesse-audit-')), 'site.yaml');
  writeFileSync(site, 'users:\n  - { loginId: admin2, password: demo, roles: [Administrator] }\n');
  server = await freshServer({ configFile: site }, clock);
  admin = configApi(server.baseUrl, 'admin');
  admin2 = configApi(server.baseUrl, 'admin2');
  await makeChanges();
});
after(() => server.stop());

const audit = async (query = '', user = 'admin'): Promise<Page> => {
  const r = await request(server.baseUrl, 'GET', `/openfinesse/api/audit${query}`, { user });
  assert.equal(r.status, 200, r.body);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  return JSON.parse(r.body) as Page;
};
/** The time of the n-th change (0-based): each change below happens one minute after the last. */
const minute = (n: number) => START + (n + 1) * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const summary = (e: Entry) => `${e.at.slice(11, 16)} ${e.actor} ${e.action} ${e.resource}/${e.resourceId}`;

let rc = '';
let wr = '';

/** The changes the log is read for, one a minute from 09:01 to 09:08, then refused requests at 09:09. */
async function makeChanges(): Promise<void> {
  const next = () => clock.advance(60_000);
  next();
  rc = await admin.create('/ReasonCode', xmlObject('ReasonCode', { category: 'NOT_READY', code: 77, label: 'Audited', forAll: false }));
  next();
  await admin.change('PUT', `/ReasonCode/${rc}`, xmlObject('ReasonCode', { label: 'Audited twice' }));
  next();
  await admin.change(
    'PUT',
    '/Team/1/ReasonCodes?category=NOT_READY',
    `<ReasonCodes><ReasonCode><uri>/finesse/api/ReasonCode/${rc}</uri></ReasonCode></ReasonCodes>`,
  );
  next();
  wr = await admin2.create('/WrapUpReason', xmlObject('WrapUpReason', { label: 'Audited reason', forAll: false }));
  next();
  await admin2.change('PUT', `/WrapUpReason/${wr}`, xmlObject('WrapUpReason', { forAll: true }));
  next();
  await admin2.change('PUT', '/Team/2/WrapUpReasons', '<WrapUpReasons/>');
  next();
  await admin2.change('DELETE', `/WrapUpReason/${wr}`);
  next();
  await admin.change('DELETE', `/ReasonCode/${rc}`);
  // Refused requests record nothing.
  next();
  assert.equal(
    (await admin.call('admin', 'POST', '/ReasonCode', xmlObject('ReasonCode', { category: 'NOT_READY', code: 10, label: 'Dup', forAll: true }))).status,
    400,
  );
  assert.equal((await admin.call('agentA', 'DELETE', '/ReasonCode/1')).status, 401);
  assert.equal(
    (await admin.call('admin', 'PUT', '/Team/1/WrapUpReasons', '<WrapUpReasons><WrapUpReason><id>1</id></WrapUpReason></WrapUpReasons>')).status,
    400,
  );
}

describe('what is recorded', () => {
  test('newest first, with who, when, what, the action and the item before and after', async () => {
    const { entries, nextCursor } = await audit();
    assert.equal(nextCursor, null);
    assert.deepEqual(entries.map(summary), [
      `09:08 admin delete ReasonCode/${rc}`,
      `09:07 admin2 delete WrapUpReason/${wr}`,
      '09:06 admin2 assign Team/WrapUpReasons/2',
      `09:05 admin2 update WrapUpReason/${wr}`,
      `09:04 admin2 create WrapUpReason/${wr}`,
      '09:03 admin assign Team/ReasonCodes/1',
      `09:02 admin update ReasonCode/${rc}`,
      `09:01 admin create ReasonCode/${rc}`,
    ]);
    assert.ok(entries.every((e, i) => i === 0 || e.id < entries[i - 1]!.id));
    const byAction = (action: string, resource: string) => entries.find((e) => e.action === action && e.resource === resource)!;
    const created = { id: rc, category: 'NOT_READY', code: 77, label: 'Audited', forAll: false, systemCode: false, teamIds: [] };
    assert.deepEqual(byAction('create', 'ReasonCode'), {
      id: byAction('create', 'ReasonCode').id,
      at: iso(minute(0)),
      actor: 'admin',
      resource: 'ReasonCode',
      resourceId: rc,
      action: 'create',
      before: null,
      after: created,
    });
    assert.deepEqual(byAction('update', 'ReasonCode').before, created);
    assert.deepEqual(byAction('update', 'ReasonCode').after, { ...created, label: 'Audited twice' });
    assert.deepEqual(byAction('assign', 'Team/ReasonCodes').before, { category: 'NOT_READY', reasonCodeIds: ['4'] });
    assert.deepEqual(byAction('assign', 'Team/ReasonCodes').after, { category: 'NOT_READY', reasonCodeIds: [rc] });
    assert.deepEqual(byAction('delete', 'ReasonCode').before, { ...created, label: 'Audited twice', teamIds: ['1'] });
    assert.equal(byAction('delete', 'ReasonCode').after, null);
    assert.deepEqual(byAction('update', 'WrapUpReason').after, { id: wr, label: 'Audited reason', forAll: true, teamIds: [] });
    assert.deepEqual(byAction('assign', 'Team/WrapUpReasons').before, { wrapUpReasonIds: ['4'] });
    assert.deepEqual(byAction('assign', 'Team/WrapUpReasons').after, { wrapUpReasonIds: [] });
  });
});

describe('reading the log', () => {
  test('filters: actor, resource, since and until (epoch ms or ISO 8601, inclusive), combined', async () => {
    const minutes = async (query: string) => (await audit(query)).entries.map((e) => e.at.slice(14, 16));
    assert.deepEqual(await minutes('?actor=admin2'), ['07', '06', '05', '04']);
    assert.deepEqual(await minutes('?actor=agentA'), []);
    assert.deepEqual(await minutes('?resource=ReasonCode'), ['08', '02', '01']);
    assert.deepEqual(await minutes('?resource=Team/ReasonCodes'), ['03']);
    assert.deepEqual(await minutes(`?since=${minute(5)}`), ['08', '07', '06']);
    assert.deepEqual(await minutes(`?until=${encodeURIComponent(iso(minute(1)))}`), ['02', '01']);
    assert.deepEqual(await minutes(`?since=${iso(minute(2))}&until=${minute(5)}&actor=admin2&resource=WrapUpReason`), ['05', '04']);
  });

  test('paging: limit entries a page, nextCursor leads to the next (older) page, null on the last; filters apply to every page', async () => {
    const all = (await audit()).entries.map((e) => e.id);
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: Page = await audit(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.entries.length <= 3);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, all);
    const first = await audit('?limit=2&actor=admin');
    assert.deepEqual(
      first.entries.map((e) => e.at.slice(14, 16)),
      ['08', '03'],
    );
    const second = await audit(`?limit=2&actor=admin&cursor=${first.nextCursor}`);
    assert.deepEqual(
      second.entries.map((e) => e.at.slice(14, 16)),
      ['02', '01'],
    );
    assert.equal(second.nextCursor, null);
  });

  test('bad parameters → 400 Invalid Input (JSON); anyone but an administrator → 401', async () => {
    for (const query of ['?limit=0', '?limit=1001', '?limit=ten', '?since=yesterday', '?until=', '?cursor=abc', '?actor=']) {
      const r = await request(server.baseUrl, 'GET', `/openfinesse/api/audit${query}`, { user: 'admin' });
      assert.equal(r.status, 400, `${query}: ${r.body}`);
      assert.equal((JSON.parse(r.body) as { error: { type: string } }).error.type, 'Invalid Input', query);
    }
    for (const user of ['agentA', 'supervisorA']) {
      const r = await request(server.baseUrl, 'GET', '/openfinesse/api/audit', { user });
      assert.equal(r.status, 401, r.body);
      assert.deepEqual(JSON.parse(r.body), { error: { type: 'Authorization Failure', message: 'UNAUTHORIZED', data: user } });
    }
    assert.equal((await request(server.baseUrl, 'GET', '/openfinesse/api/audit')).status, 401);
  });
});
