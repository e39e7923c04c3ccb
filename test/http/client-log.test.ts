import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { ClientLogBatcher } from '../../src/desktop/src/gadgets/master/client-log.js';
import type { MasterClock } from '../../src/desktop/src/gadgets/master/ports.js';
import { createLogger } from '../../src/logging.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { request } from '../support/http.js';
import { testStoreFor } from '../support/test-store.js';

// POST /finesse/api/User/{id}/ClientLog (finesse-reference §8.7): what the desktop's master services send
// for the gadgets' log lines lands in the server's log as client.log events.

const logLines: Record<string, unknown>[] = [];
let server: RunningServer;
let baseUrl: string;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'openfinesse-client-log-'));
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line));
      done();
    },
  });
  server = await startServer(
    { demo: true, httpPort: 0, httpsPort: 0, xmppPort: 0, boshPort: 0, boshTlsPort: 0, logLevel: 'info', dataDir, store: await testStoreFor(dataDir) },
    { logger: createLogger('info', sink) },
  );
  baseUrl = `http://127.0.0.1:${server.ports.http}`;
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const clientLogs = () => logLines.filter((l) => l.event === 'client.log');

test('client log: the user posts his lines (202) and they are logged as one client.log event', async () => {
  const r = await request(baseUrl, 'POST', '/finesse/api/User/agentA/ClientLog', {
    user: 'agentA',
    body: '<ClientLog><logData>first line\r\nsecond &lt;b&gt;\n\n</logData></ClientLog>',
  });
  assert.equal(r.status, 202);
  assert.equal(r.body, '');
  assert.deepEqual(
    clientLogs().map((l) => [l.user, l.lines, l.dropped]),
    [['agentA', ['first line', 'second <b>'], 0]],
  );
});

test('client log: another user’s log, a wrong body and other methods are refused', async () => {
  const before = clientLogs().length;
  const other = await request(baseUrl, 'POST', '/finesse/api/User/agentB/ClientLog', { user: 'agentA', body: '<ClientLog><logData>x</logData></ClientLog>' });
  assert.equal(other.status, 401);
  const wrong = await request(baseUrl, 'POST', '/finesse/api/User/agentA/ClientLog', { user: 'agentA', body: '<Log><logData>x</logData></Log>' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.body, /Expected root element &lt;ClientLog&gt;|Expected root element <ClientLog>/);
  const get = await request(baseUrl, 'GET', '/finesse/api/User/agentA/ClientLog', { user: 'agentA' });
  assert.equal(get.status, 405);
  assert.equal(clientLogs().length, before);
});

test('client log: the master services’ batches reach the server log', async () => {
  const timers: (() => void)[] = [];
  const clock: MasterClock = {
    now: () => Date.now(),
    setInterval: () => 0,
    clearInterval: () => undefined,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => undefined,
  };
  const rest = {
    finesse: async (method: 'GET' | 'PUT' | 'POST', path: string, body?: string, contentType?: string) => {
      const r = await request(baseUrl, method, `/finesse/api${path}`, {
        user: 'agentA',
        ...(body === undefined ? {} : { body }),
        headers: { 'content-type': contentType ?? 'application/xml' },
      });
      return { status: r.status, body: r.body };
    },
    proxy: () => Promise.reject(new Error('not used')),
  };
  const problems: string[] = [];
  const batcher = new ClientLogBatcher('agentA', rest, clock, (message) => problems.push(message));
  const before = clientLogs().length;
  batcher.add('CRM Gadget', 'loaded <ok> & ready');
  batcher.add('CRM Gadget', 'second');
  await batcher.flush();
  assert.deepEqual(problems, []);
  assert.deepEqual(
    clientLogs()
      .slice(before)
      .map((l) => l.lines),
    [['CRM Gadget: loaded <ok> & ready', 'CRM Gadget: second']],
  );
});
