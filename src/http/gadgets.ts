import type { FastifyPluginAsync } from 'fastify';
import type { GadgetSources } from '../application/gadget-sources.js';
import type { GadgetFiles } from '../application/ports/gadget-files.js';
import type { Logger } from '../logging.js';
import type { GadgetAssetsOptions } from './routes/gadget-assets.js';
import { registerGadgetAssetRoutes } from './routes/gadget-assets.js';
import type { DesktopLayoutDeps } from './routes/desktop-layout.js';
import { desktopLayoutRoute } from './routes/desktop-layout.js';
import { registerGadgetFileRoutes } from './routes/gadget-files.js';
import { registerGadgetRenderRoute } from './routes/gadget-render.js';

/** What the gadget surface serves from. */
export interface GadgetSurfaceDeps extends Omit<DesktopLayoutDeps, 'logger'> {
  files: Pick<GadgetFiles, 'read'>;
  sources: Pick<GadgetSources, 'load'>;
  assets?: GadgetAssetsOptions;
  /** The other nodes' desktop origins, which may frame gadget documents too. */
  frameOrigins(): string[];
  logger: Logger;
}

/**
 * Everything a gadget iframe loads from this server (gadget reference §1.3–§1.5, §6): the hosted
 * third-party files, the static scripts and styles gadgets expect at fixed paths, the `/gadgets/ifr`
 * renderer, and the caller's effective layout the desktop builds its tabs from.
 */
export const gadgetSurface: FastifyPluginAsync<GadgetSurfaceDeps> = async (app, deps) => {
  registerGadgetFileRoutes(app, deps.files);
  registerGadgetAssetRoutes(app, deps.assets);
  registerGadgetRenderRoute(app, deps);
  await app.register(desktopLayoutRoute, deps);
};
