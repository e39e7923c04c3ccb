import { join } from 'node:path';
import { GadgetFileAdmin } from '../application/gadget-file-admin.js';
import { GadgetSources, refuseExternalGadgets } from '../application/gadget-sources.js';
import type { ExternalGadgetFetch } from '../application/ports/external-gadget-fetch.js';
import type { ServerConfig } from '../config.js';
import type { ClusterOrigins } from '../http/cross-origin.js';
import type { GadgetSurfaceDeps } from '../http/gadgets.js';
import { GadgetDirectory } from '../store/gadget-directory.js';
import type { Core } from './core.js';

/** The gadget directory of a configuration: `--gadget-dir`, else `<data-dir>/3rdpartygadget/files`. */
export function gadgetDirOf(config: Pick<ServerConfig, 'gadgetDir' | 'dataDir'>): string {
  return config.gadgetDir ?? join(config.dataDir, '3rdpartygadget', 'files');
}

export interface GadgetServices {
  surface: GadgetSurfaceDeps;
  fileAdmin: GadgetFileAdmin;
}

/**
 * The hosted gadget files (the directory is created when missing), their admin API, and the renderer's
 * spec loader. `fetchExternal` loads specs from other servers: refused until the makeRequest proxy's
 * allow-listed fetcher is passed in.
 */
export function gadgetServices(core: Core, origins: ClusterOrigins, fetchExternal: ExternalGadgetFetch = refuseExternalGadgets): GadgetServices {
  const files = new GadgetDirectory(gadgetDirOf(core.config));
  return {
    surface: {
      files,
      ...(core.config.gadgetAssetsDir ? { assets: { builtDir: core.config.gadgetAssetsDir } } : {}),
      sources: new GadgetSources(files, fetchExternal, core.clock),
      frameOrigins: () => origins.pageOrigins(),
      layoutReads: core.layoutReads,
      authenticator: core.authenticator,
      metrics: core.metrics,
      logger: core.logger,
    },
    fileAdmin: new GadgetFileAdmin(files, core.configurationChanges),
  };
}
