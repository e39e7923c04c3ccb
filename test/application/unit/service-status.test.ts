import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServiceDependency } from '../../../src/application/service-status.js';
import { ServiceStatus } from '../../../src/application/service-status.js';
import { StoreMonitor } from '../../../src/application/store-monitor.js';

/** A dependency switched by hand. */
function dependency(reason: string): ServiceDependency & { set(up: boolean): void } {
  let up = true;
  const listeners = new Set<() => void>();
  return {
    reason,
    get up() {
      return up;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      up = value;
      for (const listener of listeners) listener();
    },
  };
}

describe('ServiceStatus', () => {
  test('in service while every dependency is up; the reasons of those that are down, in order', () => {
    const database = dependency('DATABASE_UNREACHABLE');
    const cluster = dependency('CLUSTER_UNREACHABLE');
    const service = new ServiceStatus([database, cluster], true);
    assert.deepEqual([service.state, service.reason, service.acceptsWrites], ['IN_SERVICE', '', true]);
    cluster.set(false);
    assert.deepEqual([service.state, service.reason, service.acceptsWrites], ['OUT_OF_SERVICE', 'CLUSTER_UNREACHABLE', false]);
    database.set(false);
    assert.equal(service.reason, 'DATABASE_UNREACHABLE, CLUSTER_UNREACHABLE');
  });

  test('tells its listeners of each change of state, not of a change of reason only', () => {
    const database = dependency('DATABASE_UNREACHABLE');
    const cluster = dependency('CLUSTER_UNREACHABLE');
    const service = new ServiceStatus([database, cluster], true);
    const seen: string[] = [];
    service.onChange((state, reason) => seen.push(`${state} ${reason}`));
    cluster.set(false);
    database.set(false);
    cluster.set(true);
    database.set(true);
    assert.deepEqual(seen, ['OUT_OF_SERVICE CLUSTER_UNREACHABLE', 'IN_SERVICE ']);
  });

  test('a server alone reports OUT_OF_SERVICE but keeps accepting changes', () => {
    const database = dependency('DATABASE_UNREACHABLE');
    const service = new ServiceStatus([database], false);
    database.set(false);
    assert.deepEqual([service.state, service.acceptsWrites], ['OUT_OF_SERVICE', true]);
  });
});

describe('StoreMonitor', () => {
  test('a failed ping makes it down, with the error; an answered one up again', async () => {
    let failure: Error | null = new Error('connection refused');
    const monitor = new StoreMonitor({ ping: async () => (failure ? Promise.reject(failure) : undefined) });
    let changes = 0;
    monitor.onChange(() => changes++);
    assert.equal(monitor.up, true);
    assert.equal(await monitor.check(), false);
    assert.equal((monitor.lastError as Error).message, 'connection refused');
    failure = null;
    assert.equal(await monitor.check(), true);
    assert.equal(monitor.lastError, null);
    assert.equal(changes, 2);
  });

  test('a ping without an answer in time counts as failed', async () => {
    const monitor = new StoreMonitor({ ping: () => new Promise<void>(() => {}) }, { timeoutMs: 20 });
    assert.equal(await monitor.check(), false);
    assert.match((monitor.lastError as Error).message, /no answer within/);
  });

  test('checks on its own every interval until closed', async () => {
    let pings = 0;
    const monitor = new StoreMonitor({ ping: async () => void pings++ }, { intervalMs: 5 });
    monitor.start();
    while (pings < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await monitor.close();
    const after = pings;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(pings, after, 'no check after close');
  });
});
