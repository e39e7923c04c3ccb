import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ChildServer, QUIET_PORTS, startChild } from '../support/child.js';
import { request, setState } from '../support/http.js';
import { assertApiError, parseXml, textAt } from '../support/xml.js';
import { POSTGRES, tempDir } from './support/drivers.js';

const PAIRS = 25;

/** Agents a1…a25 sign in on the first server and b1…b25 on the second, each pair racing for one extension. */
function site(): string {
  const users: string[] = [];
  for (let i = 1; i <= PAIRS; i++) {
    users.push(`  - { loginId: a${i}, password: demo, team: "1" }`, `  - { loginId: b${i}, password: demo, team: "1" }`);
  }
  return `teams:\n  - { id: "1", name: Race }\nusers:\n${users.join('\n')}\n`;
}

async function stateOf(server: ChildServer, loginId: string): Promise<[string, string]> {
  const response = await request(server.baseUrl, 'GET', `/finesse/api/User/${loginId}`, { user: loginId });
  assert.equal(response.status, 200, response.body);
  const user = parseXml(response.body);
  return [textAt(user, 'state'), textAt(user, 'extension')];
}

test('two servers on one PostgreSQL: of two agents signing in on one extension at the same time, exactly one wins', async () => {
  const spec = await POSTGRES.newSpec();
  const url = spec.kind === 'postgres' ? spec.url : '';
  const config = join(tempDir(), 'site.yaml');
  writeFileSync(config, site());
  const first = await startChild(['--store', url, '--config', config, '--data-dir', tempDir(), ...QUIET_PORTS]);
  const second = await startChild(['--store', url, '--data-dir', tempDir(), ...QUIET_PORTS]);
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
