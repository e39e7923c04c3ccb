/**
 * Which node runs what exactly one node may run: the phone system and the cluster's timers. Alone, a
 * server always leads; in a cluster one node holds a lease and the others follow, ready to take over
 * when it lapses.
 */
export interface Leadership {
  /** Whether this node leads now. */
  readonly leads: boolean;
  /** The node that leads, as far as this node knows (null: none at the moment). */
  readonly leader: string | null;
  /** Called with true when this node becomes the leader and with false when it stops being it. */
  onChange(listener: (leads: boolean) => void): void;
}

/** A server on its own leads from the start and never stops. */
export class SoleLeadership implements Leadership {
  readonly leads = true;

  constructor(readonly leader: string) {}

  onChange(): void {}
}
