import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ChildServer, QUIET_PORTS, startChild } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';
import { POSTGRES, tempDir } from './support/drivers.js';

const PAIRS = 25;

/**
 * Agents a1…a25 sign in on the first server and b1…b25 on the second, each pair racing for one extension;
 * the administrator creates reason codes on both.
 */
function site(): string {
  const users: string[] = [];
  for (let i = 1; i <= PAIRS; i++) {
    users.push(`  - { loginId: a${i}, password: demo, team: "1" }`, `  - { loginId: b${i}, password: demo, team: "1" }`);
  }
  users.push('  - { loginId: admin, password: demo, roles: [Administrator] }');
  return `teams:\n  - { id: "1", name: Race }\nusers:\n${users.join('\n')}\n`;
}

async function stateOf(server: ChildServer, loginId: string): Promise<[string, string]> {
  const response = await request(server.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  const user = parseXml(response.body);
  return [textAt(user, 'state'), textAt(user, 'extension')];
}

/** Two servers (the first provisioned with the site) on one new PostgreSQL database. */
async function twoServers(): Promise<[ChildServer, ChildServer]> {
  const spec = await POSTGRES.newSpec();
  const url = spec.kind === 'postgres' ? spec.url : '';
  const config = join(tempDir(), 'site.yaml');
  writeFileSync(config, site());
  const first = await startChild(['--store', url, '--config', config, '--data-dir', tempDir(), ...QUIET_PORTS]);
  const second = await startChild(['--store', url, '--data-dir', tempDir(), ...QUIET_PORTS]);
  return [first, second];
}

test('two servers on one PostgreSQL: of two agents signing in on one extension at the same time, exactly one wins', async () => {
  const [first, second] = await twoServers();
  try {
    const login = (server: ChildServer, loginId: string, extension: string) =>
      setState(server.baseUrl, loginId, loginId, `<User><state>LOGIN</state><extension>${extension}</extension></User>`);
    const races = await Promise.all(
      Array.from({ length: PAIRS }, async (_, n) => {
        const extension = `${3001 + n}`;
        const [a, b] = await Promise.all([login(first, `a${n + 1}`, extension), login(second, `b${n + 1}`, extension)]);
        return { extension, a, b, winner: a.status === 202 ? first : second, loser: a.status === 202 ? `b${n + 1}` : `a${n + 1}` };
      }),
    );
    for (const { extension, a, b } of races) {
      assert.deepEqual([a.status, b.status].sort(), [202, 400], `extension ${extension}: ${a.body} / ${b.body}`);
      assertApiError(a.status === 400 ? a : b, 400, 'Bad Request', { data: extension, message: 'Extension is in use by another agent' });
    }
    for (const { extension, winner, loser } of races) {
      const winnerId = winner === first ? `a${Number(extension) - 3000}` : `b${Number(extension) - 3000}`;
      assert.deepEqual(await stateOf(winner, winnerId), ['NOT_READY', extension]);
      // The loser's server put the persisted truth back: he is signed out and may take a free extension.
      const loserServer = winner === first ? second : first;
      assert.deepEqual(await stateOf(loserServer, loser), ['LOGOUT', '']);
      assert.equal((await login(loserServer, loser, `4${extension}`)).status, 202);
    }
  } finally {
    for (const server of [first, second]) server.process.kill('SIGTERM');
    await Promise.all([first.exited, second.exited]);
  }
});

test('two servers on one PostgreSQL: of two administrators creating one reason code at the same time, exactly one wins', async () => {
  const [first, second] = await twoServers();
  try {
    const create = (server: ChildServer, code: number, on: string) =>
      request(server.baseUrl, 'POST', '/finesse/api/ReasonCode', {
        user: 'admin',
        body: `<ReasonCode><category>NOT_READY</category><code>${code}</code><label>Code ${code} on ${on}</label><forAll>true</forAll></ReasonCode>`,
      });
    const codes = Array.from({ length: PAIRS }, (_, n) => 101 + n);
    const races = await Promise.all(codes.map((code) => Promise.all([create(first, code, 'first'), create(second, code, 'second')])));
    for (const [n, [a, b]] of races.entries()) {
      assert.deepEqual([a.status, b.status].sort(), [200, 400], `code ${codes[n]}: ${a.body} / ${b.body}`);
      const message = `A NOT_READY reason code with the code ${codes[n]} already exists`;
      assertApiError(a.status === 400 ? a : b, 400, 'Finesse API Error', { data: String(codes[n]), message });
    }
    for (const server of [first, second]) {
      const list = await request(server.baseUrl, 'GET', '/finesse/api/ReasonCodes?category=NOT_READY', { user: 'admin' });
      const stored = parseXml(list.body).children.map((c) => Number(textAt(c, 'code')));
      assert.deepEqual(
        stored.filter((code) => codes.includes(code)).sort((x, y) => x - y),
        codes,
      );
    }
  } finally {
    for (const server of [first, second]) server.process.kill('SIGTERM');
    await Promise.all([first.exited, second.exited]);
  }
});
