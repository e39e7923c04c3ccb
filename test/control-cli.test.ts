import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, QUIET_PORTS, startChild, type ChildServer } from './support/child.js';
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

const stateOf = async (server: ChildServer, user: string): Promise<string> =>
  /<state>([A-Z_]+)<\/state>/.exec((await request(server.baseUrl, 'GET', `/finesse/api/User/${user}`, { user })).body)![1]!;

describe('the call and traffic commands against a running demo server', () => {
  let dir: string;
  let server: ChildServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openfinesse-cli-'));
    server = await startChild(['--demo', '--data-dir', dir, '--log-level', 'warn', ...QUIET_PORTS]);
    for (const [user, ext] of [['agentA', '1001'], ['agentB', '1002'], ['supervisorA', '1003']] as const) {
      assert.equal((await setState(server.baseUrl, user, user, `<User><state>LOGIN</state><extension>${ext}</extension></User>`)).status, 202);
    }
  });
  after(async () => {
    server.process.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('openfinesse call rings the READY agent of the Sales queue and reports the call', async () => {
    assert.equal((await setState(server.baseUrl, 'agentA', 'agentA', '<User><state>READY</state></User>')).status, 202);
    const result = await runCli(['call', '--server', server.baseUrl, '--to', '5000', '--from', '4085550100', '--var', 'callVariable1=Chuck', '--no-wait']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.lines.join('\n'), /5000/);
    assert.equal(await stateOf(server, 'agentA'), 'RESERVED');
    const dialogs = await request(server.baseUrl, 'GET', '/finesse/api/User/agentA/Dialogs', { user: 'agentA' });
    assert.match(dialogs.body, /<state>ALERTING<\/state>/);
    assert.match(dialogs.body, /<name>callVariable1<\/name><value>Chuck<\/value>/);
    assert.match(dialogs.body, /<fromAddress>4085550100<\/fromAddress>/);
  });

  test('openfinesse traffic keeps the team busy and prints progress until the duration ends', async () => {
    for (const user of ['agentB', 'supervisorA']) {
      assert.equal((await setState(server.baseUrl, user, user, '<User><state>READY</state></User>')).status, 202);
    }
    const busy = new Set<string>();
    const watcher = setInterval(async () => {
      for (const user of ['agentB', 'supervisorA']) {
        const state = await stateOf(server, user).catch(() => '');
        if (['RESERVED', 'TALKING', 'WORK', 'WORK_READY'].includes(state)) busy.add(user);
      }
    }, 200);
    const result = await runCli(['traffic', '--server', server.baseUrl, '--to', '5000', '--rate', '120', '--talk', '1s', '--duration', '4s', '--auto-answer', '0.2s']);
    clearInterval(watcher);
    assert.equal(result.code, 0, result.stderr);
    const progressLines = result.lines.filter((l) => /placed \d+/.test(l));
    assert.ok(progressLines.length >= 2, `expected several progress lines, got:\n${result.lines.join('\n')}`);
    const placed = Number(/placed (\d+)/.exec(progressLines.at(-1)!)![1]);
    assert.ok(placed >= 4, `placed ${placed} calls at 2 a second for 4 s`);
    assert.deepEqual([...busy].sort(), ['agentB', 'supervisorA']);
    const calls = await request(server.baseUrl, 'GET', '/openfinesse/api/calls', { user: 'admin' });
    assert.equal(calls.status, 200);
    const { active, history } = JSON.parse(calls.body) as { active: unknown[]; history: unknown[] };
    assert.ok(active.length + history.length >= placed, `${active.length} active + ${history.length} ended calls, ${placed} placed`);
    assert.match(progressLines.at(-1)!, /\(done\)/);
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
