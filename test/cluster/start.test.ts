import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { QUIET_PORTS, runChild, startChild } from '../support/child.js';
import { freePort } from '../support/free-port.js';
import { startNatsServer } from '../support/nats.js';
import { createDatabase } from '../support/postgres.js';
import { clusterHealth, connectedGauge, fatalLine, startNode, stopNode, tempDir } from './support/node.js';

const AUTH = { user: 'openfinesse', password: 'nats-secret' };

/** A start on a fresh PostgreSQL database with `--cluster url`, expected to fail. */
async function startWithCluster(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runChild(['--cluster', url, '--store', await createDatabase(), '--data-dir', tempDir(), ...QUIET_PORTS]);
}

describe('a node joins the cluster at start (--cluster nats://…)', () => {
  test('health and metrics name the node and its NATS server, connected, never the NATS password', async () => {
    const nats = await startNatsServer({ auth: AUTH });
    const url = `nats://${AUTH.user}:${AUTH.password}@127.0.0.1:${nats.port}`;
    const node = await startNode(['--cluster', url, '--node-id', 'node-a', '--public-host', 'a.lab.example']);
    try {
      const { members, ...health } = (await clusterHealth(node))!;
      // Alone in its cluster, the node leads the phone system.
      assert.deepEqual(health, {
        nodeId: 'node-a',
        publicHost: 'a.lab.example',
        url: nats.url,
        connected: true,
        leader: 'node-a',
        streamLag: 0,
        timersPending: 0,
      });
      assert.deepEqual(
        members.map(({ startedAt, ...m }) => m),
        [{ nodeId: 'node-a', publicHost: 'a.lab.example', ports: node.ports }],
        'the node is a member of its cluster, with its public host and bound ports',
      );
      assert.equal(await connectedGauge(node), 1);
      const ready = JSON.parse(node.lines.find((line) => line.includes('"ready"'))!) as { cluster: unknown };
      assert.deepEqual(ready.cluster, { nodeId: 'node-a', url: nats.url });
      assert.ok(!node.lines.join('\n').includes(AUTH.password), 'the NATS password is never logged');
    } finally {
      await stopNode(node);
    }
  });

  test('OPENFINESSE_CLUSTER and OPENFINESSE_NODE_ID work like the flags; the public host defaults to the node id', async () => {
    const nats = await startNatsServer();
    const node = await startNode([], { OPENFINESSE_CLUSTER: nats.url, OPENFINESSE_NODE_ID: 'node-b' });
    try {
      const { members, ...health } = (await clusterHealth(node))!;
      assert.deepEqual(health, { nodeId: 'node-b', publicHost: 'node-b', url: nats.url, connected: true, leader: 'node-b', streamLag: 0, timersPending: 0 });
      assert.deepEqual(
        members.map((m) => m.publicHost),
        ['node-b'],
      );
    } finally {
      await stopNode(node);
    }
  });

  test('without --cluster the server runs alone: health says cluster null and there is no cluster gauge', async () => {
    const node = await startChild(['--store', `sqlite:${join(tempDir(), 'alone.db')}`, '--data-dir', tempDir(), ...QUIET_PORTS]);
    try {
      assert.equal(await clusterHealth(node), null);
      assert.equal(await connectedGauge(node), null);
    } finally {
      await stopNode(node);
    }
  });
});

describe('a node that cannot join the cluster does not start', () => {
  test('--cluster on the SQLite store is refused with one line before anything starts', async () => {
    const dir = tempDir();
    const file = join(dir, 'openfinesse.db');
    const result = await runChild(['--cluster', 'nats://127.0.0.1:4222', '--store', `sqlite:${file}`, '--data-dir', dir, ...QUIET_PORTS]);
    assert.equal(result.code, 1);
    assert.equal(
      fatalLine(result.stderr),
      'cluster (nats://127.0.0.1:4222): --cluster needs --store postgres://…: the nodes share one PostgreSQL database, an SQLite file belongs to one node',
    );
    assert.ok(!existsSync(file), 'the SQLite store was not opened');
  });

  test('an unreachable NATS stops the start with one line naming the server, never the credentials', async () => {
    const port = await freePort();
    const result = await startWithCluster(`nats://someone:secret-word@127.0.0.1:${port}`);
    assert.equal(result.code, 1);
    assert.equal(fatalLine(result.stderr), `cluster (nats://127.0.0.1:${port}): cannot reach NATS at 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    assert.doesNotMatch(`${result.stdout}${result.stderr}`, /secret-word|"ready"/);
  });

  test('a wrong NATS password and a NATS without JetStream stop the start with one line each', async () => {
    const guarded = await startNatsServer({ auth: AUTH });
    const wrong = await startWithCluster(`nats://${AUTH.user}:nope@127.0.0.1:${guarded.port}`);
    assert.equal(wrong.code, 1);
    assert.match(fatalLine(wrong.stderr), new RegExp(`^cluster \\(${guarded.url}\\): NATS at 127\\.0\\.0\\.1:${guarded.port}: authorization failed`));
    const plain = await startNatsServer({ jetstream: false });
    const result = await startWithCluster(plain.url);
    assert.equal(result.code, 1);
    assert.equal(
      fatalLine(result.stderr),
      `cluster (${plain.url}): NATS at 127.0.0.1:${plain.port} has JetStream disabled: the cluster needs it (nats-server -js, or "jetstream: enabled" in its configuration)`,
    );
  });

  test('a --cluster value that is not nats:// or tls:// is refused before anything starts', async () => {
    const result = await runChild(['--cluster', 'http://127.0.0.1:4222', '--data-dir', tempDir(), ...QUIET_PORTS]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--cluster <url>.*must be nats:\/\/host:4222 or tls:\/\/host:4222/s);
  });
});
