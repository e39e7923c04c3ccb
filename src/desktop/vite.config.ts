import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The desktop is served by the openfinesse server itself at /desktop/ (src/http/routes/desktop.ts).
// JSX goes through Vite's built-in transformer with Preact's automatic runtime: no framework plugin.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/desktop/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/desktop', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
});
