import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { MediaPropertiesLayout } from '../domain/media-properties-layout.js';
import { DEFAULT_LAYOUT_ID, allLayouts, layoutOfTeam } from '../domain/media-properties-layout.js';
import type { MediaPropertiesLayoutDraft, MediaPropertiesLayoutPatch } from '../domain/media-properties-layout-rules.js';
import { changedLayout, newLayout } from '../domain/media-properties-layout-rules.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { Store } from './ports/store.js';
import { invalidTeam } from './reason-code-admin.js';

export type MediaPropertiesLayoutStore = Pick<Store, 'loadMediaPropertiesLayouts' | 'reserveIds'>;

/**
 * The MediaPropertiesLayout configuration API (admin reference §5) and the team assignment of layouts
 * (`/Team/{id}/MediaPropertiesLayout`, our choice: the reference found no URL). Layouts are read from the
 * store on every request; changes go through the configuration unit of work (one transaction with their
 * audit entries, durable before the answer). DEFAULT is the stock layout until it is edited, then a row.
 */
export class MediaPropertiesLayoutAdmin {
  constructor(
    private readonly directory: Pick<Directory, 'findTeam'>,
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
    private readonly store: MediaPropertiesLayoutStore,
  ) {}

  async list(): Promise<MediaPropertiesLayout[]> {
    return allLayouts(await this.store.loadMediaPropertiesLayouts());
  }

  async get(id: string): Promise<MediaPropertiesLayout> {
    return requireLayout(await this.list(), id);
  }

  create(actor: UserAccount, draft: MediaPropertiesLayoutDraft): Promise<MediaPropertiesLayout> {
    return this.changes.make(actor.loginId, async () => {
      const checked = newLayout(await this.list(), '', draft);
      const created = { ...checked, id: String(await this.store.reserveIds('mediaPropertiesLayout', 1)) };
      return {
        writes: [{ kind: 'mediaPropertiesLayout', layout: created }],
        audit: [{ resource: 'MediaPropertiesLayout', resourceId: created.id, action: 'create', before: null, after: auditJson(created) }],
        apply: () => undefined,
        result: created,
      };
    });
  }

  /** `patchOf` reads the request body; it runs once the layout is known to exist (404 comes before 400). */
  update(actor: UserAccount, id: string, patchOf: (current: MediaPropertiesLayout) => MediaPropertiesLayoutPatch): Promise<MediaPropertiesLayout> {
    return this.changes.make(actor.loginId, async () => {
      const all = await this.list();
      const current = requireLayout(all, id);
      const changed = changedLayout(all, current, patchOf(current));
      return {
        writes: [{ kind: 'mediaPropertiesLayout', layout: changed }],
        audit: [{ resource: 'MediaPropertiesLayout', resourceId: id, action: 'update', before: auditJson(current), after: auditJson(changed) }],
        apply: () => undefined,
        result: changed,
      };
    });
  }

  /** Deletes a CUSTOM layout; the teams that had it have DEFAULT again. DEFAULT itself is 400 Finesse API Error. */
  delete(actor: UserAccount, id: string): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      const current = requireLayout(await this.list(), id);
      if (current.type === 'DEFAULT') throw new DomainError('ConfigurationRefused', 'The DEFAULT layout cannot be deleted', id);
      await this.store.reserveIds('mediaPropertiesLayout', 0);
      return {
        writes: [{ kind: 'mediaPropertiesLayoutDeleted', id }],
        audit: [{ resource: 'MediaPropertiesLayout', resourceId: id, action: 'delete', before: auditJson(current), after: null }],
        apply: () => undefined,
        result: undefined,
      };
    });
  }

  /** A team an assignment may name; any other id is 404 with the 12.x team-assignment error. */
  requireTeam(teamId: string): void {
    if (!this.directory.findTeam(teamId)) throw invalidTeam(teamId);
  }

  /** The layout the team has: the CUSTOM one assigned to it, else DEFAULT. */
  async layoutOf(teamId: string): Promise<MediaPropertiesLayout> {
    this.requireTeam(teamId);
    return layoutOfTeam(await this.store.loadMediaPropertiesLayouts(), teamId);
  }

  /** Gives the team the CUSTOM layout `layoutId`, or (null, DEFAULT) takes its layout away; an unknown id is 400 Finesse API Error. */
  assign(actor: UserAccount, teamId: string, layoutId: string | null): Promise<void> {
    return this.changes.make(actor.loginId, async () => {
      this.requireTeam(teamId);
      const stored = await this.store.loadMediaPropertiesLayouts();
      if (layoutId !== null && !stored.some((l) => l.id === layoutId && l.type === 'CUSTOM')) {
        throw new DomainError('ConfigurationRefused', `The layout ${layoutId} does not exist`, layoutId);
      }
      const before = layoutOfTeam(stored, teamId).id;
      return {
        writes: [{ kind: 'teamMediaPropertiesLayout', teamId, layoutId }],
        audit: [
          {
            resource: 'Team/MediaPropertiesLayout',
            resourceId: teamId,
            action: 'assign',
            before: auditJson({ layoutId: before }),
            after: auditJson({ layoutId: layoutId ?? DEFAULT_LAYOUT_ID }),
          },
        ],
        apply: () => undefined,
        result: undefined,
      };
    });
  }
}

function requireLayout(layouts: readonly MediaPropertiesLayout[], id: string): MediaPropertiesLayout {
  const layout = layouts.find((l) => l.id === id);
  if (!layout) throw new DomainError('NotFound', 'Invalid media properties layout id specified', id);
  return layout;
}
