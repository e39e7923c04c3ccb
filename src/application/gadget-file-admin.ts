import { GADGET_FILE_MAX_BYTES, requireGadgetFileSegments } from '../domain/gadget-files.js';
import { DomainError } from '../domain/errors.js';
import type { UserAccount } from '../domain/model.js';
import type { ConfigurationChanges } from './configuration-changes.js';
import { auditJson } from './configuration-changes.js';
import type { GadgetFileInfo, GadgetFiles } from './ports/gadget-files.js';

/**
 * The admin file API of hosted gadgets (gadget reference §1.5): upload, replace, delete and list files
 * of the gadget directory. The files live on disk, outside the store's transactions, so each change is
 * made first and recorded in the audit log (resource `GadgetFile`) once it is done.
 */
export class GadgetFileAdmin {
  constructor(
    private readonly files: GadgetFiles,
    private readonly changes: Pick<ConfigurationChanges, 'make'>,
  ) {}

  list(): Promise<GadgetFileInfo[]> {
    return this.files.list();
  }

  /** Writes the file; whether it replaced one. */
  async put(actor: UserAccount, path: string, data: Buffer): Promise<{ replaced: boolean }> {
    const segments = requireGadgetFileSegments(path);
    if (data.length > GADGET_FILE_MAX_BYTES) throw new DomainError('BadRequest', `A gadget file may be at most ${GADGET_FILE_MAX_BYTES} bytes`, path);
    const { replaced, before, after } = await this.files.write(segments, data);
    await this.audit(actor, replaced ? 'update' : 'create', after.path, before, after);
    return { replaced };
  }

  /** Deletes the file; 404 when there is none. */
  async delete(actor: UserAccount, path: string): Promise<void> {
    const segments = requireGadgetFileSegments(path);
    const before = await this.files.remove(segments);
    if (!before) throw new DomainError('NotFound', 'No such gadget file', path);
    await this.audit(actor, 'delete', before.path, before, null);
  }

  private audit(actor: UserAccount, action: 'create' | 'update' | 'delete', path: string, before: GadgetFileInfo | null, after: GadgetFileInfo | null) {
    return this.changes.make(actor.loginId, () => ({
      writes: [],
      audit: [{ resource: 'GadgetFile', resourceId: path, action, before: auditJson(before), after: auditJson(after) }],
      apply: () => undefined,
      result: undefined,
    }));
  }
}
