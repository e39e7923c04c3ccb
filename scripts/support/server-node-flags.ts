import { readFileSync } from 'node:fs';

/**
 * The Node flags the server runs with, as its executable's first line names them
 * (`#!/usr/bin/env -S node <flags>`): whoever starts `dist/cli.js` with `node` itself (the benches, the
 * cluster demo) starts it as `openfinesse` does.
 */
export function serverNodeFlags(cli: string): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node((?: --?[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  if (!match) throw new Error(`${cli}: the first line is not "#!/usr/bin/env -S node [flags]": ${first}`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}
