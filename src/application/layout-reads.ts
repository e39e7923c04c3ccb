import type { MediaPropertiesLayout } from '../domain/media-properties-layout.js';
import { layoutOfTeam } from '../domain/media-properties-layout.js';
import type { EffectiveTeamLayout } from './layout-config-admin.js';
import { effectiveDesktopLayout } from './layout-config-admin.js';
import type { Store } from './ports/store.js';

/**
 * What agents read of the layouts (admin reference §10, §15.3), from the store on every request so that a
 * change any node committed is seen on the next read: the call-variables layout of a team (its CUSTOM
 * one, else DEFAULT) and its desktop layout (its own, else the default).
 */
export class LayoutReads {
  constructor(private readonly store: Pick<Store, 'loadMediaPropertiesLayouts' | 'loadDefaultDesktopLayout' | 'loadTeamDesktopLayout'>) {}

  /** `teamId` null: a user without a team, who has DEFAULT. */
  async mediaPropertiesLayoutOf(teamId: string | null): Promise<MediaPropertiesLayout> {
    return layoutOfTeam(await this.store.loadMediaPropertiesLayouts(), teamId);
  }

  desktopLayoutOf(teamId: string | null): Promise<EffectiveTeamLayout> {
    return effectiveDesktopLayout(this.store, teamId);
  }
}
