import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { ClusterMember, ClusterMembers, MemberPorts } from '../application/ports/cluster-members.js';
import { byNodeId } from '../application/ports/cluster-members.js';

/** The key-value bucket (JetStream stream `KV_OPENFINESSE_NODES`) where every node announces itself. */
export const MEMBERS_BUCKET = 'OPENFINESSE_NODES';

export interface NatsMembersOptions {
  /** How often a node announces itself again and reads the others. */
  refreshMs?: number;
  /** How long an announcement lives (the bucket's max_age): a node silent that long has dropped out. */
  ttlMs?: number;
  /** The first failure after a success (NATS away, the bucket gone); the next success is silent. */
  onError?: (error: unknown) => void;
}

const REFRESH_MS = 2_000;
const TTL_MS = 10_000;
/** Longest a node waits for the bucket's answers in one round (NATS may be away). */
const CALL_TIMEOUT_MS = 2_000;
const PORT_NAMES = ['http', 'https', 'xmpp', 'bosh', 'boshTls'] as const;
/** How many nodes that are gone `seen()` remembers (the most recently seen). */
const GONE_REMEMBERED = 32;

/**
 * The members of a cluster, through a NATS JetStream key-value bucket: every `refreshMs` each node puts
 * its entry (key: its id, value: id, public host, ports, start time as JSON) and reads the bucket. The
 * bucket keeps one value per key for `ttlMs` (its max_age), so a node that died drops out after at
 * most that, without anyone cleaning up; a node that stops deletes its key. Needs only what
 * nats-server 2.9 offers (max_age, history 1, direct get): no per-message TTL. Between two reads
 * `list()` answers from the last one; while NATS is away that is the last list known.
 */
export class NatsMembers implements ClusterMembers {
  readonly clustered = true;
  private others: ClusterMember[] = [];
  /** Every other node (a node id and start time) seen live, the most recently seen last. */
  private readonly everSeen = new Map<string, ClusterMember>();
  private kv: KV | null = null;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private failing = false;
  private closed = false;
  private readonly refreshMs: number;
  private readonly ttlMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly js: JetStreamClient,
    private readonly me: () => ClusterMember,
    options: NatsMembersOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? REFRESH_MS;
    this.ttlMs = options.ttlMs ?? TTL_MS;
    this.onError = options.onError ?? (() => {});
  }

  get self(): string {
    return this.me().nodeId;
  }

  list(): ClusterMember[] {
    const me = this.me();
    return byNodeId([me, ...this.others.filter((m) => m.nodeId !== me.nodeId)]);
  }

  seen(): ClusterMember[] {
    const live = this.list();
    const gone = [...this.everSeen.values()].filter((m) => !live.some((l) => l.nodeId === m.nodeId && l.startedAt === m.startedAt));
    return [...live, ...gone.slice(-GONE_REMEMBERED)];
  }

  /** Creates the bucket when it is missing, announces this node and reads the others; then keeps doing it. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  /** Stops announcing and deletes this node's entry, so the others drop it at once (not after the TTL). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
    const kv = this.kv;
    if (!kv) return;
    // When NATS is away (no answer in time, or an error), the entry expires after the TTL instead.
    const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, CALL_TIMEOUT_MS).unref());
    await Promise.race([kv.delete(nodeToken(this.me().nodeId)).catch(() => undefined), gaveUp]);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.round = this.refresh()
        .then(
          () => {
            this.failing = false;
          },
          (error: unknown) => {
            this.kv = null; // opened (or created) again next round: the bucket may have been removed
            if (!this.failing) this.onError(error);
            this.failing = true;
          },
        )
        .finally(() => this.schedule());
    }, this.refreshMs);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    this.kv ??= await new Kvm(this.js).create(MEMBERS_BUCKET, { history: 1, ttl: this.ttlMs, timeout: CALL_TIMEOUT_MS });
    const kv = this.kv;
    const me = this.me();
    await kv.put(nodeToken(me.nodeId), JSON.stringify(me), { timeout: CALL_TIMEOUT_MS });
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    const entries = await Promise.all(keys.map((key) => kv.get(key)));
    this.others = entries.flatMap((entry) => {
      if (entry?.operation !== 'PUT') return [];
      const member = memberOf(entry.string());
      return member && member.nodeId !== me.nodeId ? [member] : [];
    });
    for (const member of this.others) {
      const key = `${member.nodeId} ${member.startedAt}`;
      this.everSeen.delete(key);
      this.everSeen.set(key, member);
    }
    for (const key of this.everSeen.keys()) {
      if (this.everSeen.size <= GONE_REMEMBERED + this.others.length) break;
      this.everSeen.delete(key);
    }
  }
}

/** A node id as a key or subject token: dots separate tokens (a leading, trailing or doubled one is refused), "=" is no node id character. */
export function nodeToken(nodeId: string): string {
  return nodeId.replaceAll('.', '=');
}

/** Another node's announcement, or null when it is not one (a newer or broken writer). */
function memberOf(text: string): ClusterMember | null {
  let value: Partial<ClusterMember>;
  try {
    value = JSON.parse(text) as Partial<ClusterMember>;
  } catch {
    return null;
  }
  const { nodeId, publicHost, ports, startedAt } = value ?? {};
  if (typeof nodeId !== 'string' || typeof publicHost !== 'string' || typeof startedAt !== 'number' || typeof ports !== 'object' || ports === null) {
    return null;
  }
  const portOf = (name: keyof MemberPorts): number | null => (typeof ports[name] === 'number' ? ports[name] : null);
  return { nodeId, publicHost, ports: Object.fromEntries(PORT_NAMES.map((name) => [name, portOf(name)])) as unknown as MemberPorts, startedAt };
}
