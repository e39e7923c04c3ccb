import { createHash } from 'node:crypto';
import type { Store, StoreWrite } from '../application/ports/store.js';
import type { ProvisioningPlan } from './plan.js';
import type { PlanOptions, SiteChanges } from './site-changes.js';
import { planChanges } from './site-changes.js';
import type { SiteStore } from './site.js';
import { readSite } from './site.js';

export type ProvisioningStore = SiteStore & Pick<Store, 'commit'>;

/**
 * Applies a plan to the store in one transaction (with `extra` writes, such as the hash of the file
 * applied): idempotent, since only what differs from the store is written. Returns what changed.
 */
export async function applyPlan(store: ProvisioningStore, plan: ProvisioningPlan, options: PlanOptions, extra: StoreWrite[] = []): Promise<SiteChanges> {
  const changes = planChanges(plan, await readSite(store), options);
  await store.commit([...changes.writes, ...extra]);
  return changes;
}

/** How many items of each kind a change list creates, updates and deletes (for a log line or a summary). */
export function countChanges(changes: SiteChanges): Record<'created' | 'updated' | 'deleted' | 'kept', number> {
  const count = (action: string) => changes.changes.filter((c) => c.action === action).length;
  return { created: count('create'), updated: count('update'), deleted: count('delete'), kept: count('keep') };
}

/** The SHA-256 of a provisioning file's text: a file is applied at start only when this differs from the last one applied. */
export function planHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
