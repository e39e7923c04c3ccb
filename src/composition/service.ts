import type { Store } from '../application/ports/store.js';
import type { ServiceDependency } from '../application/service-status.js';
import { ServiceStatus } from '../application/service-status.js';
import { StoreMonitor } from '../application/store-monitor.js';
import type { Metrics } from '../http/metrics.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Logger } from '../logging.js';
import type { ClusterNode } from './cluster.js';

/**
 * Whether this node is in service: its database answers (checked every 2 s) and, in a cluster, it is
 * connected to NATS. A node of a cluster out of service refuses changes (503); a server alone only
 * reports it. One log line when the node goes out of service and one when it is back; the
 * `openfinesse_in_service` gauge follows.
 */
export async function startServiceStatus(life: Lifecycle, store: Store, cluster: ClusterNode | null, metrics: Metrics, logger: Logger): Promise<ServiceStatus> {
  const database = await life.start(
    'database monitor',
    () => {
      const monitor = new StoreMonitor(store);
      monitor.start();
      return monitor;
    },
    (m) => m.close(),
  );
  const dependencies: ServiceDependency[] = [database];
  if (cluster) {
    const { connection } = cluster;
    dependencies.push({
      reason: 'CLUSTER_UNREACHABLE',
      get up() {
        return connection.connected;
      },
      onChange: (listener) => connection.onChange(() => listener()),
    });
  }
  const service = new ServiceStatus(dependencies, cluster !== null);
  service.onChange((state, reason) => {
    if (state === 'IN_SERVICE') {
      logger.info({ event: 'service.in_service' }, 'in service again');
      return;
    }
    const storeError = database.up ? undefined : describe(database.lastError);
    const refusing = cluster ? '; refusing changes (503) until it is back' : '';
    logger.warn({ event: 'service.out_of_service', reason, ...(storeError ? { storeError } : {}) }, `out of service (${reason})${refusing}`);
  });
  metrics.observeService(service);
  return service;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
