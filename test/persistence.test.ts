import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ManualClock } from '../src/domain/clock.js';
import { QUIET_PORTS, runChild, startChild } from './support/child.js';
import type { ChildServer } from './support/child.js';
import { freshServer } from './support/fresh.js';
import { queryStore } from './support/store-rows.js';
import { request, setState } from './support/http.js';
import { parseXml, textAt } from './support/xml.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'openfinesse-persist-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function accepted(baseUrl: string, actor: string, target: string, xml: string): Promise<void> {
  const response = await setState(baseUrl, actor, target, xml);
  assert.equal(response.status, 202, response.body);
}
async function body(baseUrl: string, actor: string, path: string): Promise<string> {
  const response = await request(baseUrl, 'GET', `/finesse/api${path}`, { user: actor });
  assert.equal(response.status, 200, response.body);
  return response.body;
}

/** Every table the store writes, as rows, for comparing the database before and after. */
async function dump(dataDir: string): Promise<Record<string, unknown[]>> {
  const tables = ['teams', 'users', 'team_supervisors', 'reason_codes', 'wrap_up_reasons', 'agent_status'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await queryStore(dataDir, `SELECT * FROM ${t} ORDER BY 1, 2`)])));
}

describe('restart persistence (in process)', () => {
  test('users, teams, state, extension, reason code, pending state and stateChangeTime survive a restart', async () => {
    const dataDir = tempDir();
    const clock = new ManualClock(Date.UTC(2026, 6, 1, 8, 30, 15, 432));
    const first = await freshServer({ dataDir }, clock);
    const u = first.baseUrl;
    await accepted(u, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    clock.advance(1234);
    await accepted(u, 'agentA', 'agentA', '<User><state>NOT_READY</state><reasonCodeId>3</reasonCodeId></User>');
    await accepted(u, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    clock.advance(1);
    await accepted(u, 'agentB', 'agentB', '<User><state>READY</state></User>');
    await accepted(u, 'supervisorA', 'supervisorA', '<User><state>LOGIN</state><extension>1003</extension></User>');
    await accepted(u, 'agentC', 'agentC', '<User><state>LOGIN</state><extension>1004</extension></User>');
    await accepted(u, 'agentC', 'agentC', '<User><state>READY</state></User>');
    await accepted(u, 'supervisorB', 'agentC', '<User><state>NOT_READY</state></User>');
    // agentB on a call with a pending NOT_READY: the pending state must survive too.
    first.agents.applyCall('agentB', { type: 'offered' });
    first.agents.applyCall('agentB', { type: 'connected' });
    await accepted(u, 'agentB', 'agentB', '<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>');
    const users = await body(u, 'admin', '/Users');
    const team1 = await body(u, 'supervisorA', '/Team/1?includeLoggedOutAgents=true');
    const team2 = await body(u, 'admin', '/Team/2?includeLoggedOutAgents=true');
    const codes = await body(u, 'agentA', '/User/agentA/ReasonCodes?category=NOT_READY');
    await first.stop();

    const second = await freshServer({ dataDir, demo: false }, new ManualClock(Date.UTC(2027, 0, 1)));
    try {
      assert.equal(await body(second.baseUrl, 'admin', '/Users'), users);
      assert.equal(await body(second.baseUrl, 'supervisorA', '/Team/1?includeLoggedOutAgents=true'), team1);
      assert.equal(await body(second.baseUrl, 'admin', '/Team/2?includeLoggedOutAgents=true'), team2);
      assert.equal(await body(second.baseUrl, 'agentA', '/User/agentA/ReasonCodes?category=NOT_READY'), codes);
      const agentA = parseXml(await body(second.baseUrl, 'agentA', '/User/agentA'));
      assert.deepEqual(
        [textAt(agentA, 'state'), textAt(agentA, 'extension'), textAt(agentA, 'reasonCodeId'), textAt(agentA, 'stateChangeTime')],
        ['NOT_READY', '1001', '3', '2026-07-01T08:30:16.666Z'],
      );
      // The call resumes where it was: ending it applies the pending NOT_READY.
      assert.equal(second.directory.statusOf('agentB').pendingState, 'NOT_READY');
      second.agents.applyCall('agentB', { type: 'ended', wrapUp: false });
      const agentB = parseXml(await body(second.baseUrl, 'agentB', '/User/agentB'));
      assert.deepEqual([textAt(agentB, 'state'), textAt(agentB, 'reasonCodeId')], ['NOT_READY', '1']);
      // The passwords still work, and the extension is still taken.
      assert.equal((await setState(second.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 400);
    } finally {
      await second.stop();
    }
  });
});

describe('the CLI in a child process', () => {
  test('killed with SIGKILL right after a 202, the acknowledged change is there after a restart', async () => {
    const dataDir = tempDir();
    const args = ['--data-dir', dataDir, '--demo', ...QUIET_PORTS];
    let child = await startChild(args);
    await accepted(child.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>');
    await accepted(child.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>');
    const before = parseXml(await body(child.baseUrl, 'agentA', '/User/agentA'));
    const last = await setState(child.baseUrl, 'supervisorA', 'agentA', '<User><state>NOT_READY</state></User>');
    assert.equal(last.status, 202);
    child.process.kill('SIGKILL');
    assert.deepEqual(await child.exited, { code: null, signal: 'SIGKILL' });

    child = await startChild(args);
    try {
      const user = parseXml(await body(child.baseUrl, 'agentA', '/User/agentA'));
      assert.deepEqual([textAt(user, 'state'), textAt(user, 'reasonCodeId'), textAt(user, 'extension')], ['NOT_READY', '999', '1001']);
      assert.ok(textAt(user, 'stateChangeTime') >= textAt(before, 'stateChangeTime'));
      assert.match(textAt(user, 'stateChangeTime'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  });

  test('SIGTERM: stops accepting, closes the store and exits 0', async () => {
    const dataDir = tempDir();
    const child = await startChild(['--data-dir', dataDir, '--demo', ...QUIET_PORTS]);
    await accepted(child.baseUrl, 'agentB', 'agentB', '<User><state>LOGIN</state><extension>1002</extension></User>');
    child.process.kill('SIGTERM');
    assert.deepEqual(await child.exited, { code: 0, signal: null });
    assert.ok(
      child.lines.some((l) => l.includes('"stopped"')),
      child.lines.join('\n'),
    );
    await assert.rejects(fetch(`${child.baseUrl}/openfinesse/health`));
    const status = (await dump(dataDir)).agent_status!.find((r) => (r as { login_id: string }).login_id === 'agentB') as { state: string; extension: string };
    assert.deepEqual([status.state, status.extension], ['NOT_READY', '1002']);
  });

  test('SIGINT exits 0 as well', async () => {
    const child = await startChild(['--data-dir', tempDir(), '--demo', ...QUIET_PORTS]);
    child.process.kill('SIGINT');
    assert.deepEqual(await child.exited, { code: 0, signal: null });
  });

  test('flags read environment variables; "off" disables a listener; the ready line names the bound ports', async () => {
    const child = await startChild(['--demo'], {
      OPENFINESSE_DATA_DIR: tempDir(),
      OPENFINESSE_HTTP_PORT: '0',
      OPENFINESSE_HTTPS_PORT: '0',
      OPENFINESSE_XMPP_PORT: 'off',
      OPENFINESSE_BOSH_PORT: 'off',
      OPENFINESSE_BOSH_TLS_PORT: 'OFF',
      OPENFINESSE_DOMAIN: 'finesse.example.test',
    });
    try {
      assert.equal(typeof child.ports.http, 'number');
      assert.notEqual(child.ports.http, 8082);
      assert.equal(typeof child.ports.https, 'number');
      assert.equal(child.ports.bosh, null);
      assert.equal(child.ports.boshTls, null);
      assert.equal(child.ports.xmpp, null);
      const info = parseXml(await body(child.baseUrl, 'agentA', '/SystemInfo'));
      assert.equal(textAt(info, 'xmppDomain'), 'finesse.example.test');
      assert.equal(textAt(info, 'primaryNode/httpsPort'), String(child.ports.https));
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  test('a flag wins over its environment variable', async () => {
    const child = await startChild(['--demo', '--data-dir', tempDir(), ...QUIET_PORTS], { OPENFINESSE_HTTP_PORT: '1', OPENFINESSE_HTTPS_PORT: '1' });
    try {
      assert.notEqual(child.ports.http, 1);
      assert.equal(child.ports.https, null);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });

  test('a bad port value is refused with a clear message', async () => {
    const result = await runChild(['--data-dir', tempDir(), ...QUIET_PORTS, '--http-port', 'eighty']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /http-port/);
  });

  test('a port in use makes the start fail with a non-zero exit and one line naming the port', async () => {
    const holder = await startChild(['--data-dir', tempDir(), '--demo', ...QUIET_PORTS]);
    try {
      const result = await runChild(['--data-dir', tempDir(), ...QUIET_PORTS, '--http-port', String(holder.ports.http)]);
      assert.equal(result.code, 1);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      const fatal = JSON.parse(lines[0]!) as { event: string; msg: string };
      assert.equal(fatal.event, 'fatal');
      assert.equal(fatal.msg, `http listener (--http-port ${holder.ports.http}): 127.0.0.1:${holder.ports.http} is already in use (EADDRINUSE)`);
    } finally {
      holder.process.kill('SIGTERM');
      await holder.exited;
    }
  });

  test('a listener that cannot bind leaves no other port open and no timer running', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as AddressInfo).port;
    const xmppPort = await freePort();
    const clock = new ManualClock();
    try {
      await assert.rejects(
        freshServer({ dataDir: tempDir(), xmppPort, boshPort: 0, httpPort: 0, httpsPort: busyPort }, clock),
        (error: Error) => error.message === `https listener (--https-port ${busyPort}): 127.0.0.1:${busyPort} is already in use (EADDRINUSE)`,
      );
      await assert.rejects(connectOnce(xmppPort), /ECONNREFUSED/);
      assert.equal(clock.pendingTimers(), 0);
    } finally {
      busy.close();
    }
  });
});

describe('the configuration cache', () => {
  test("SIGHUP reads users and teams from the store again: a change made there behind the server's back is served", async () => {
    const dataDir = tempDir();
    const child = await startChild(['--data-dir', dataDir, '--demo', ...QUIET_PORTS]);
    try {
      const teamName = async () => textAt(parseXml((await request(child.baseUrl, 'GET', '/finesse/api/Team/1', { user: 'admin' })).body), 'name');
      assert.equal(await teamName(), 'Team A');
      await queryStore(dataDir, "UPDATE teams SET name = 'Team A (renamed)' WHERE id = '1'");
      assert.equal(await teamName(), 'Team A', 'served from the cache until it is invalidated');
      child.process.kill('SIGHUP');
      for (let i = 0; i < 100 && (await teamName()) !== 'Team A (renamed)'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await teamName(), 'Team A (renamed)');
      assert.ok(
        child.lines.some((l) => l.includes('"configuration.reloaded"')),
        'one log line says so',
      );
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });
});

describe('--config provisioning', () => {
  const CONFIG = `
settings:
  requireReasonCodes: true
teams:
  - { id: "10", name: Billing, wrapUpOnIncoming: REQUIRED, wrapUpOnOutgoing: OPTIONAL, wrapUpTimerSeconds: 60 }
  - { id: "20", name: Sales }
users:
  - { loginId: "5001", loginName: jdoe, firstName: Jane, lastName: Doe, password: s3cret, team: "10" }
  - { loginId: boss, password: b0ss, team: "10", supervises: ["10", "20"] }
  - { loginId: root, password: r00t, roles: [Administrator] }
reasonCodes:
  - { id: 1, category: NOT_READY, code: 10, label: Break }
  - { id: 2, category: LOGOUT, code: 20, label: End of Shift, forAll: false, teams: ["10"] }
wrapUpReasons:
  - { id: 1, label: Resolved }
`;

  test('applied at start; applying it again changes nothing (state, credentials, rows)', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'center.yaml');
    writeFileSync(file, CONFIG);
    const first = await freshServer({ dataDir, configFile: file, demo: false });
    const jdoe = (path: string) => request(first.baseUrl, 'GET', `/finesse/api${path}`, { user: 'jdoe', password: 's3cret' });
    assert.equal((await jdoe('/User/5001')).status, 200);
    assert.equal((await request(first.baseUrl, 'GET', '/finesse/api/Users', { user: 'root', password: 'r00t' })).status, 200);
    const boss = parseXml((await request(first.baseUrl, 'GET', '/finesse/api/User/boss', { user: 'boss', password: 'b0ss' })).body);
    assert.deepEqual(
      boss.children.find((c) => c.name === 'teams')!.children.map((t) => textAt(t, 'name')),
      ['Billing', 'Sales'],
    );
    assert.equal(
      (
        await request(first.baseUrl, 'PUT', '/finesse/api/User/5001', {
          user: 'jdoe',
          password: 's3cret',
          body: '<User><state>LOGIN</state><extension>5001</extension></User>',
        })
      ).status,
      202,
    );
    // settings.requireReasonCodes from the file applies.
    const missing = await request(first.baseUrl, 'PUT', '/finesse/api/User/5001', {
      user: 'jdoe',
      password: 's3cret',
      body: '<User><state>LOGOUT</state></User>',
    });
    assert.equal(missing.status, 400);
    assert.equal((await request(first.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' })).status, 401, 'no demo data next to a config');
    await first.stop();
    const afterFirst = await dump(dataDir);

    const second = await freshServer({ dataDir, configFile: file, demo: false });
    await second.stop();
    assert.deepEqual(await dump(dataDir), afterFirst);
    const status = afterFirst.agent_status!.find((r) => (r as { login_id: string }).login_id === '5001') as { state: string; extension: string };
    assert.deepEqual([status.state, status.extension], ['NOT_READY', '5001']);
  });

  test('with --demo on an empty store the demo data is loaded first and the file applied on top', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'center.yaml');
    writeFileSync(file, 'teams: [{ id: "1", name: Renamed Team A }]\nusers:\n  - { loginId: "5001", loginName: jdoe, password: s3cret, team: "1" }\n');
    const server = await freshServer({ dataDir, configFile: file, demo: true });
    try {
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/agentA', { user: 'agentA' })).status, 200, 'demo users exist');
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/Users', { user: 'admin' })).status, 200, 'the demo administrator exists');
      assert.equal(
        (await request(server.baseUrl, 'GET', '/finesse/api/User/5001', { user: 'jdoe', password: 's3cret' })).status,
        200,
        "the file's user exists",
      );
      const team = parseXml((await request(server.baseUrl, 'GET', '/finesse/api/Team/1?includeLoggedOutAgents=true', { user: 'admin' })).body);
      assert.equal(textAt(team, 'name'), 'Renamed Team A', 'the file wins where both name the same thing');
    } finally {
      await server.stop();
    }
  });

  test('a changed file updates what it names and keeps what it no longer names', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'center.yaml');
    writeFileSync(file, CONFIG);
    await (await freshServer({ dataDir, configFile: file, demo: false })).stop();
    writeFileSync(file, 'teams: [{ id: "10", name: Billing and Collections }]\nusers:\n  - { loginId: "5001", loginName: jdoe, password: n3w, team: "10" }\n');
    const server = await freshServer({ dataDir, configFile: file, demo: false });
    try {
      const team = parseXml(
        (await request(server.baseUrl, 'GET', '/finesse/api/Team/10?includeLoggedOutAgents=true', { user: 'root', password: 'r00t' })).body,
      );
      assert.equal(textAt(team, 'name'), 'Billing and Collections');
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/5001', { user: 'jdoe', password: 's3cret' })).status, 401);
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/5001', { user: 'jdoe', password: 'n3w' })).status, 200);
      assert.equal((await request(server.baseUrl, 'GET', '/finesse/api/User/boss', { user: 'boss', password: 'b0ss' })).status, 200);
    } finally {
      await server.stop();
    }
  });

  test('through the CLI: --config applies, and a bad file stops the start with a message naming the problem', async () => {
    const dataDir = tempDir();
    const good = join(dataDir, 'good.yaml');
    writeFileSync(good, CONFIG);
    const child: ChildServer = await startChild(['--data-dir', dataDir, '--config', good, ...QUIET_PORTS]);
    try {
      assert.equal((await request(child.baseUrl, 'GET', '/finesse/api/User/jdoe', { user: 'jdoe', password: 's3cret' })).status, 200);
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }

    const cases: [string, RegExp][] = [
      ['users:\n  - { loginId: x1, team: "10" }\nteams: [{ id: "10", name: T }]\n', /users\[0\]\.password: is required/],
      ['users:\n  - { loginId: x1, password: p, team: "99" }\n', /users\[0\]\.team: team "99" is not defined/],
      ['reasonCodes:\n  - { id: 999, category: NOT_READY, code: 5, label: Mine }\n', /reasonCodes\[0\]\.id: 999 is reserved/],
      ['teams: [ { id: "1", name: A }\n', /./],
      ['users: 5\n', /users: must be a list/],
    ];
    cases.push(['', /absent\.yaml/]);
    const results = await Promise.all(
      cases.map(async ([yaml], i) => {
        const file = join(dataDir, i === cases.length - 1 ? 'absent.yaml' : `bad-${i}.yaml`);
        if (i < cases.length - 1) writeFileSync(file, yaml);
        return runChild(['--data-dir', tempDir(), '--config', file, ...QUIET_PORTS]);
      }),
    );
    results.forEach((result, i) => {
      assert.equal(result.code, 1, cases[i]![0]);
      assert.doesNotMatch(result.stdout, /"ready"/);
      const fatal = JSON.parse(result.stderr.trim().split('\n').pop()!) as { event: string; msg: string };
      assert.equal(fatal.event, 'fatal');
      assert.match(fatal.msg, cases[i]![1]);
    });
  });
});

describe('the health endpoint of a child process', () => {
  test('answers while the listener is up (sanity check that the port from the ready line is the real one)', async () => {
    const child = await startChild(['--data-dir', tempDir(), '--demo', ...QUIET_PORTS]);
    try {
      const health = (await (await fetch(`${child.baseUrl}/openfinesse/health`)).json()) as { status: string };
      assert.equal(health.status, 'ok');
      await new Promise<void>((resolve, reject) => {
        const socket = connect(child.ports.http!, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      });
    } finally {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  });
});

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

function connectOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}
