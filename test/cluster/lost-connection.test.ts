import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startNatsServer } from '../support/nats.js';
import { clusterHealth, connectedGauge, eventually, startNode, stopNode } from './support/node.js';

/** The JSON log lines of `event` the node wrote so far. */
const logged = (lines: string[], event: string): Record<string, unknown>[] =>
  lines.filter((line) => line.includes(`"${event}"`)).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('a node whose NATS server goes away', () => {
  test('reports the loss in health, metrics and the log, and the reconnection when NATS is back', async () => {
    const nats = await startNatsServer();
    const node = await startNode(['--cluster', nats.url, '--node-id', 'node-a']);
    try {
      assert.equal((await clusterHealth(node))?.connected, true);

      await nats.stop('SIGKILL');
      await eventually(async () => assert.equal((await clusterHealth(node))?.connected, false));
      assert.equal(await connectedGauge(node), 0);
      await eventually(() => assert.equal(logged(node.lines, 'cluster.disconnected').length, 1));
      assert.equal(logged(node.lines, 'cluster.disconnected')[0]!.url, nats.url);

      await nats.restart();
      await eventually(async () => assert.equal((await clusterHealth(node))?.connected, true));
      assert.equal(await connectedGauge(node), 1);
      await eventually(() => assert.equal(logged(node.lines, 'cluster.reconnected').length, 1));
    } finally {
      await stopNode(node);
    }
  });

  test('a node stops cleanly (exit 0) while its NATS server is down', async () => {
    const nats = await startNatsServer();
    const node = await startNode(['--cluster', nats.url]);
    await nats.stop('SIGKILL');
    await eventually(async () => assert.equal((await clusterHealth(node))?.connected, false));
    await stopNode(node);
  });
});
