import type { TeamLayoutConfig } from '../domain/desktop-layout.js';
import { STOCK_DESKTOP_LAYOUT } from '../domain/desktop-layout.js';
import type { Directory } from '../domain/directory.js';
import type { AllowListEntry } from '../domain/gadget-allow-list.js';
import type { UserAccount } from '../domain/model.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';
import { invalidTeam } from './reason-code-admin.js';

export type DesktopLayoutStore = Pick<Store, 'loadDefaultDesktopLayout' | 'loadTeamDesktopLayout'>;
type LayoutAdminStore = DesktopLayoutStore & Pick<Store, 'loadGadgetAllowList'>;

/** What a team's desktop layout is: `layoutXml` is the team's own or, with `useDefault`, the default one. */
export interface EffectiveTeamLayout {
  useDefault: boolean;
  layoutXml: string;
}

/**
 * The desktop layout configuration (admin reference §9, §11): the system default (`/LayoutConfig/default`,
 * the stock layout until an administrator sets one) and each team's override. The layouts arrive checked
 * (well-formed, within the size limit, only allowed gadgets: src/finesse/desktop-layout-xml.ts); they are
 * read from the store on every request, and changed through the configuration unit of work.
 */
export class LayoutConfigAdmin {
  constructor(
    private readonly directory: Pick<Directory, 'findTeam'>,
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: LayoutAdminStore,
  ) {}

  /** The gadget allow-list as it is now: a layout may name the absolute gadget URLs it covers. */
  gadgetAllowList(): Promise<AllowListEntry[]> {
    return this.store.loadGadgetAllowList();
  }

  defaultLayout(): Promise<string> {
    return defaultDesktopLayout(this.store);
  }

  setDefault(actor: UserAccount, layoutXml: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const before = await this.defaultLayout();
      return {
        writes: [{ kind: 'defaultDesktopLayout', layoutXml }],
        audit: [
          {
            resource: 'LayoutConfig',
            resourceId: 'default',
            action: 'update',
            before: auditJson({ layoutxml: before }),
            after: auditJson({ layoutxml: layoutXml }),
          },
        ],
        apply: () => undefined,
        result: undefined,
      };
    });
  }

  /** A team a team layout may name; any other id is 404 with the 12.x team-assignment error. */
  requireTeam(teamId: string): void {
    if (!this.directory.findTeam(teamId)) throw invalidTeam(teamId);
  }

  /** The team's layout: its own, or the default one (with `useDefault`) when it has none. */
  teamLayout(teamId: string): Promise<EffectiveTeamLayout> {
    this.requireTeam(teamId);
    return effectiveDesktopLayout(this.store, teamId);
  }

  /** Gives the team its own layout, or (`useDefault`) takes it away. */
  setTeamLayout(actor: UserAccount, config: TeamLayoutConfig): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      this.requireTeam(config.teamId);
      const before = await this.store.loadTeamDesktopLayout(config.teamId);
      const after = config.useDefault ? null : config.layoutXml;
      return {
        writes: [{ kind: 'teamDesktopLayout', config: { teamId: config.teamId, useDefault: after === null, layoutXml: after } }],
        audit: [
          {
            resource: 'Team/LayoutConfig',
            resourceId: config.teamId,
            action: 'update',
            before: auditJson({ useDefault: before === null, layoutxml: before }),
            after: auditJson({ useDefault: after === null, layoutxml: after }),
          },
        ],
        apply: () => undefined,
        result: undefined,
      };
    });
  }
}

async function defaultDesktopLayout(store: DesktopLayoutStore): Promise<string> {
  return (await store.loadDefaultDesktopLayout()) ?? STOCK_DESKTOP_LAYOUT;
}

/** The desktop layout in effect for `teamId` (null: no team): the team's own, else the default. */
export async function effectiveDesktopLayout(store: DesktopLayoutStore, teamId: string | null): Promise<EffectiveTeamLayout> {
  const own = teamId === null ? null : await store.loadTeamDesktopLayout(teamId);
  return own === null ? { useDefault: true, layoutXml: await defaultDesktopLayout(store) } : { useDefault: false, layoutXml: own };
}
