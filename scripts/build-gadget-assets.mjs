// The classic scripts gadget documents load (gadget reference §1.4, §2.1): the container runtime and the
// open finesse.js, each bundled by esbuild into one IIFE (never an ES module: gadgets load them with a
// plain <script src> and re-declare `finesse` with `var`). Output: dist/gadget-assets/, served by
// src/http/routes/gadget-assets.ts at the paths gadgets expect.
import { build } from 'esbuild';

const SOURCE = 'src/desktop/src/gadgets';
/** Entry (under SOURCE) → file name in dist/gadget-assets. */
const ENTRIES = {
  'runtime/index.ts': 'runtime.js',
  'finesse-js/index.ts': 'finesse.js',
  'finesse-js/message-display.ts': 'MessageDisplay.js',
};

await Promise.all(
  Object.entries(ENTRIES).map(([entry, file]) =>
    build({
      entryPoints: [`${SOURCE}/${entry}`],
      outfile: `dist/gadget-assets/${file}`,
      bundle: true,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
