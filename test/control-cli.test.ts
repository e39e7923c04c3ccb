import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../src/domain/clock.js';
import { CLI, QUIET_PORTS, startChild, type ChildServer } from './support/child.js';
import { freshServer } from './support/fresh.js';
import { request, setState } from './support/http.js';

/** Runs `openfinesse <args>` to completion and returns its exit code and stdout lines. */
function runCli(args: string[]): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, lines: stdout.split('\n').filter(Boolean), stderr })));
}

const stateOf = async (baseUrl: string, user: string): Promise<string> =>
  /<state>([A-Z_]+)<\/state>/.exec((await request(baseUrl, 'GET', `/finesse/api/User/${user}`, { user })).body)![1]!;

async function control(baseUrl: string, method: string, path: string): Promise<Record<string, unknown>> {
  const response = await request(baseUrl, method, `/openfinesse/api${path}`, { user: 'admin' });
  assert.equal(response.status, 200, response.body);
  return JSON.parse(response.body) as Record<string, unknown>;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out: ${what}`);
}

describe('openfinesse call against a running demo server', () => {
  let dir: string;
  let server: ChildServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openfinesse-cli-'));
    server = await startChild(['--demo', '--data-dir', dir, '--log-level', 'warn', ...QUIET_PORTS]);
  });
  after(async () => {
    server.process.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('rings the READY agent of the Sales queue and reports the call', async () => {
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
    const result = await runCli(['call', '--server', server.baseUrl, '--to', '5000', '--from', '4085550100', '--var', 'callVariable1=Chuck', '--no-wait']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.lines.join('\n'), /5000/);
    assert.equal(await stateOf(server.baseUrl, 'agentA'), 'RESERVED');
    const dialogs = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
    assert.match(dialogs.body, /<state>ALERTING<\/state>/);
    assert.match(dialogs.body, /<name>callVariable1<\/name><value>Chuck<\/value>/);
    assert.match(dialogs.body, /<fromAddress>4085550100<\/fromAddress>/);
  });
});

describe('openfinesse traffic against a server on a manual clock', () => {
  test('places exactly rate × duration calls, spreads them over the READY agents and reports the final counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfinesse-cli-'));
    // Team A without wrap-up, so each agent is READY again as soon as his call ends.
    const config = join(dir, 'no-wrap-up.yaml');
    writeFileSync(config, 'teams: [{ id: "1", name: Team A, wrapUpOnIncoming: NOT_ALLOWED, wrapUpOnOutgoing: NOT_ALLOWED }]\n');
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 9));
    const server = await freshServer({ dataDir: join(dir, 'data'), configFile: config }, clock);
    try {
      for (const [user, ext] of [
        ['agentB', '1002'],
        ['supervisorA', '1003'],
      ] as const) {
        assert.equal((await setState(server.baseUrl, user, user, `<User><state>LOGIN</state><extension>${ext}</extension></User>`)).status, 202);
        clock.advance(1000);
        assert.equal((await setState(server.baseUrl, user, user, '<User><state>READY</state></User>')).status, 202);
      }
      // One call every 10 s for 60 s; each is answered after 2 s and the caller hangs up 5 s later.
      const cli = runCli(['traffic', '--server', server.baseUrl, '--to', '5000', '--rate', '6', '--talk', '5s', '--duration', '60s', '--auto-answer', '2s']);
      await until(async () => (await control(server.baseUrl, 'GET', '/traffic')).running === true, 'the generator started');
      for (let second = 0; second < 60; second++) clock.advance(1000);
      const result = await cli;
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.lines.at(-1)!, /^\[\d\d:\d\d\/01:00\] 5000: placed 6 {2}queued 0 {2}ringing 0 {2}talking 0 {2}finished 6 {2}failed 0 {2}\(done\)$/);
      const { history } = (await control(server.baseUrl, 'GET', '/calls')) as { history: { agents: string[]; outcome: string; durationMs: number }[] };
      assert.deepEqual(
        history.map((r) => [r.agents.join(), r.outcome, r.durationMs]),
        [
          ['agentB', 'completed', 5000],
          ['supervisorA', 'completed', 5000],
          ['agentB', 'completed', 5000],
          ['supervisorA', 'completed', 5000],
          ['agentB', 'completed', 5000],
          ['supervisorA', 'completed', 5000],
        ],
      );
      assert.deepEqual([await stateOf(server.baseUrl, 'agentB'), await stateOf(server.baseUrl, 'supervisorA')], ['READY', 'READY']);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('telephony flags of openfinesse start', () => {
  test('--external-answer-delay holds an external number unanswered past the 2 s default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfinesse-cli-'));
    const server = await startChild(['--demo', '--data-dir', dir, '--log-level', 'warn', '--external-answer-delay', '3600', ...QUIET_PORTS]);
    try {
      assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>LOGIN</state><extension>1001</extension></User>')).status, 202);
      const call = await request(server.baseUrl, 'POST', '/finesse/api/User/agentA/Dialogs', {
        user: 'agentA',
        body: '<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>1001</fromAddress><toAddress>4085550100</toAddress></Dialog>',
      });
      assert.equal(call.status, 202, call.body);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const dialogs = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
      assert.match(dialogs.body, /<Dialog>/);
      assert.doesNotMatch(dialogs.body, /<Dialog>[\s\S]*<\/participants><state>ACTIVE<\/state>/, 'answered although the delay is an hour');
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
