import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { withTimeout } from './support/client.js';
import { presenceEvent, startXmppServer } from './support/harness.js';
import type { XmppTestServer } from './support/harness.js';
import { loginOverWebSocket } from './support/websocket-session.js';

const SESSION_PROGRAM = fileURLToPath(new URL('./support/websocket-session.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
// Node 22 and later have a WebSocket of their own (undici's); Node 20 has the same behind a flag.
const NATIVE_WEBSOCKET_FLAGS = Number(process.versions.node.split('.')[0]) >= 22 ? [] : ['--experimental-websocket'];

/**
 * A desktop whose tab is killed, or whose machine drops off the network, sends no WebSocket close
 * frame: the TCP connection just ends. The server must count that session gone at once (the manual
 * clock never moves here, so no keepalive or timeout can be what notices).
 */
describe('a WebSocket client that vanishes without a close frame is reported unavailable', () => {
  let server: XmppTestServer;
  let url: string;

  before(async () => {
    server = await startXmppServer();
    url = `ws://127.0.0.1:${server.ports.http}/ws/`;
  });
  after(() => server.stop());

  test("the runtime's own WebSocket, its process killed", async (t) => {
    const child = spawn(process.execPath, [...NATIVE_WEBSOCKET_FLAGS, '--import', 'tsx', SESSION_PROGRAM, url, 'agentA', 'tab'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit');
    const ready = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^ready (\S+)$/.exec(line);
        if (m) resolve(m[1]!);
      });
      void exited.then(([code, signal]) => reject(new Error(`the session program ended (${signal ?? code}) before it was ready:\n${stderr}`)));
    });
    assert.equal(await withTimeout(ready, 'the native WebSocket session logged in', 20_000), 'agenta@localhost/tab');

    const gone = presenceEvent('unavailable', 'agentA');
    child.kill('SIGKILL');
    assert.deepEqual(await exited, [null, 'SIGKILL']);
    await gone;
  });

  test("the ws package's WebSocket, terminated", async () => {
    const { socket, jid } = await loginOverWebSocket(WsWebSocket, url, 'agentB', 'desk');
    assert.equal(jid, 'agentb@localhost/desk');
    const gone = presenceEvent('unavailable', 'agentB');
    socket.terminate(); // destroys the TCP socket; no close frame
    await gone;
  });
});
