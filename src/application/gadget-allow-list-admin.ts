import type { AllowListEntry } from '../domain/gadget-allow-list.js';
import type { UserAccount } from '../domain/model.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';

export type GadgetAllowListStore = Pick<Store, 'loadGadgetAllowList'>;

/**
 * The gadget allow-list (gadget reference §7.4): the external targets the makeRequest proxy may reach and
 * the external gadget specs layouts may name. Read from the shared store on every use, so a change any
 * node committed applies at once everywhere; replaced as a whole through the configuration unit of work,
 * with an audit entry. The entries arrive checked (src/http/routes/gadget-allow-list-schema.ts).
 */
export class GadgetAllowListAdmin {
  constructor(
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: GadgetAllowListStore,
  ) {}

  entries(): Promise<AllowListEntry[]> {
    return this.store.loadGadgetAllowList();
  }

  replace(actor: UserAccount, entries: AllowListEntry[]): Promise<AllowListEntry[]> {
    return this.changes.make(actor.loginId, async () => {
      const before = await this.store.loadGadgetAllowList();
      return {
        writes: [{ kind: 'gadgetAllowList', entries }],
        audit: [
          { resource: 'gadgets/allowlist', resourceId: 'default', action: 'update', before: auditJson({ entries: before }), after: auditJson({ entries }) },
        ],
        apply: () => undefined,
        result: entries,
      };
    });
  }
}
