import { realpathSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { gadgetFileSegments } from '../../domain/gadget-files.js';
import type { StaticFile } from '../static-file.js';
import { sendNotFound, sendStaticFile } from '../static-file.js';
import { gadgetPathAfter } from './gadget-files.js';

/** The classic scripts `npm run build:desktop` writes (scripts/build-gadget-assets.mjs). */
export const DEFAULT_GADGET_ASSETS_DIR = fileURLToPath(new URL('../../../dist/gadget-assets/', import.meta.url));

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** URL → built file (in the assets folder): served 404 until the build has written it. */
const BUILT_SCRIPTS: Record<string, string> = {
  '/desktop/assets/js/finesse.js': 'finesse.js',
  '/desktop/js/utilities/MessageDisplay.js': 'MessageDisplay.js',
  '/openfinesse/gadgets/runtime.js': 'runtime.js',
};

/** URL prefix → a package's `dist` tree, served whole (gadget reference §1.4: file names inside are unsure). */
const PACKAGE_TREES: Record<string, string> = {
  '/desktop/thirdparty/bootstrap/3.2.0/': 'bootstrap-3',
  '/desktop/thirdparty/bootstrap/5.3.1/': 'bootstrap-5',
};

export interface GadgetAssetsOptions {
  /** Where the built classic scripts are; `dist/gadget-assets` by default. */
  builtDir?: string;
}

/**
 * The files gadgets load by absolute path on the document's origin (gadget reference §1.4): jQuery 3,
 * Bootstrap 3.2.0 and 5.3.1, the open finesse.js, MessageDisplay.js and the container runtime. Each has
 * its own route, more specific than the desktop's `/desktop/*` (whose `assets/` are cached as immutable),
 * answered with an ETag, `no-cache`, `Access-Control-Allow-Origin: *` and `nosniff`.
 */
export function registerGadgetAssetRoutes(app: FastifyInstance, options: GadgetAssetsOptions = {}): void {
  const builtDir = options.builtDir ?? DEFAULT_GADGET_ASSETS_DIR;
  const jquery = require.resolve('jquery/dist/jquery.min.js');
  app.get('/desktop/assets/js/jquery.min.js', async (request, reply) => {
    const file = await readRegularFile(jquery, 'jquery.min.js');
    return file ? sendStaticFile(request, reply, file, false) : sendNotFound(reply);
  });
  for (const [url, name] of Object.entries(BUILT_SCRIPTS)) {
    app.get(url, async (request, reply) => {
      const file = await readRegularFile(join(builtDir, name), name);
      return file ? sendStaticFile(request, reply, file, false) : sendNotFound(reply);
    });
  }
  for (const [prefix, name] of Object.entries(PACKAGE_TREES)) {
    const root = realpathSync(join(packageDir(name), 'dist'));
    app.get(`${prefix}*`, async (request, reply) => {
      const path = gadgetPathAfter(request.url, prefix);
      const segments = path === undefined ? undefined : gadgetFileSegments(path);
      const file = segments && (await readInside(root, segments));
      return file ? sendStaticFile(request, reply, file, false) : sendNotFound(reply);
    });
  }
}

/** A file of the tree under `root` whose real path stays inside it. */
async function readInside(root: string, segments: string[]): Promise<StaticFile | null> {
  let real: string;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    return null;
  }
  return real.startsWith(root + sep) ? readRegularFile(real, segments.at(-1)!) : null;
}

async function readRegularFile(path: string, name: string): Promise<StaticFile | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return null;
    return { name, data: await handle.readFile(), size: stats.size, modified: stats.mtimeMs };
  } finally {
    await handle.close();
  }
}
