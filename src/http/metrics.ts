import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics served at /openfinesse/metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'openfinesse_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'openfinesse_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['route', 'method'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly stateChanges = new Counter({
    name: 'openfinesse_agent_state_changes_total',
    help: 'Agent state changes applied, by new state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'openfinesse_auth_failures_total',
    help: 'Failed authentications by protocol and reason',
    labelNames: ['protocol', 'reason'] as const,
    registers: [this.registry],
  });
  readonly forwardedRequests = new Counter({
    name: 'openfinesse_cluster_forwarded_requests_total',
    help: 'Requests for the phone system this node forwarded to the leader, by outcome (answered, no_leader, timeout)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly storeCommits = new Histogram({
    name: 'openfinesse_store_commit_seconds',
    help: 'Time a batch of changes took to become durable (transaction and disk flush); every change of the batch waits for it',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly storeWrites = new Counter({
    name: 'openfinesse_store_committed_writes_total',
    help: 'Writes committed to the store (rows changed), over all batches',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'openfinesse_' });
    this.observeEventLoop();
  }

  /**
   * The event loop's busy and idle time since start: the difference of two scrapes gives its utilisation
   * over the interval (busy / (busy + idle)), the figure that says how near a node is to saturation.
   */
  private observeEventLoop(): void {
    this.countedElsewhere('openfinesse_event_loop_active_seconds_total', 'Time the event loop spent running callbacks since start', () => {
      return performance.eventLoopUtilization().active / 1000;
    });
    this.countedElsewhere('openfinesse_event_loop_idle_seconds_total', 'Time the event loop spent waiting for I/O since start', () => {
      return performance.eventLoopUtilization().idle / 1000;
    });
  }

  /** A batch of changes is durable: once per group commit, not per change. */
  observeCommit(seconds: number, writes: number): void {
    this.storeCommits.observe(seconds);
    this.storeWrites.inc(writes);
  }

  /** A counter whose total is kept by someone else and read when metrics are scraped. */
  private countedElsewhere(name: string, help: string, read: () => number): void {
    new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  /** Whether this node is in service now (its database answers and, in a cluster, NATS is connected). */
  observeService(source: { readonly state: string }): void {
    new Gauge({
      name: 'openfinesse_in_service',
      help: 'Whether this node is in service (SystemInfo status IN_SERVICE): 1 or 0',
      registers: [this.registry],
      collect() {
        this.set(source.state === 'IN_SERVICE' ? 1 : 0);
      },
    });
  }

  /** Whether this node is connected to the cluster's NATS server now (only with `--cluster`). */
  observeCluster(source: { readonly connected: boolean }): void {
    new Gauge({
      name: 'openfinesse_cluster_connected',
      help: 'Whether this node is connected to the cluster (NATS): 1 or 0',
      registers: [this.registry],
      collect() {
        this.set(source.connected ? 1 : 0);
      },
    });
  }

  /** The change stream of a cluster: what this node relayed and received, read when metrics are scraped. */
  observeReplication(source: { relayed(): number; orphansRelayed(): number; received(): number; lag(): number }): void {
    new Gauge({
      name: 'openfinesse_cluster_stream_lag',
      help: 'Changes in the cluster stream this node has not read yet (as of the last one it read)',
      registers: [this.registry],
      collect() {
        this.set(source.lag());
      },
    });
    const counters: [string, string, () => number][] = [
      [
        'openfinesse_cluster_changes_relayed_total',
        "Committed changes this node moved from the outbox to the change stream (its own and dead nodes')",
        source.relayed,
      ],
      ['openfinesse_cluster_orphan_changes_relayed_total', 'Changes of other nodes left in the outbox that this node relayed for them', source.orphansRelayed],
      ['openfinesse_cluster_changes_received_total', 'Changes committed by other nodes that this node received from the change stream', source.received],
    ];
    for (const [name, help, read] of counters) this.countedElsewhere(name, help, read);
  }

  /** The phone system's leader and the cluster's timers, read when metrics are scraped. */
  observeLeadership(source: { leads(): boolean; timersPending(): number }): void {
    new Gauge({
      name: 'openfinesse_cluster_leader',
      help: 'Whether this node leads the phone system and runs the timers: 1 or 0',
      registers: [this.registry],
      collect() {
        this.set(source.leads() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'openfinesse_cluster_timers_pending',
      help: 'Durable timers waiting to fire (the scheduler backlog), as this node sees them',
      registers: [this.registry],
      collect() {
        this.set(source.timersPending());
      },
    });
  }

  /** Figures kept by the XMPP server itself, read when metrics are scraped. */
  observeXmpp(source: { sessions(): number; boundSessions(): number; deliveries(): number; pendingDropped(): number }): void {
    new Gauge({
      name: 'openfinesse_xmpp_connections',
      help: 'Open XMPP connections (TCP, WebSocket, BOSH), authenticated or not',
      registers: [this.registry],
      collect() {
        this.set(source.sessions());
      },
    });
    new Gauge({
      name: 'openfinesse_xmpp_bound_sessions',
      help: 'XMPP sessions with a bound resource',
      registers: [this.registry],
      collect() {
        this.set(source.boundSessions());
      },
    });
    this.countedElsewhere('openfinesse_pubsub_deliveries_total', 'Notification stanzas delivered to sessions', source.deliveries);
    this.countedElsewhere(
      'openfinesse_pubsub_pending_dropped_total',
      'Notifications kept for a session that was not yet available, dropped for the cap in items, bytes or age',
      source.pendingDropped,
    );
  }
}
