import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layering of ARCHITECTURE.md for the XMPP server, checked on the import statements themselves
 * (type-only imports included): src/xmpp is a generic XMPP server, src/xml a leaf, and none of src/xmpp,
 * src/notify and src/xml takes part in an import cycle.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = join(ROOT, 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join(SRC, 'desktop') ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** file (relative to src/) → its imports: other src files (relative) or package names. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imports: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      imports.push(spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))) : spec);
    }
    graph.set(relative(SRC, file), imports);
  }
  return graph;
}

const graph = importGraph();
const inArea = (file: string, ...areas: string[]): boolean => areas.some((a) => file.startsWith(`${a}/`));

function violations(area: string, allowed: (spec: string) => boolean): string[] {
  return [...graph].flatMap(([file, imports]) => (inArea(file, area) ? imports.filter((i) => !allowed(i)).map((i) => `${file} → ${i}`) : []));
}

test('src/xmpp imports only itself, src/xml, Node built-ins and its protocol packages', () => {
  assert.ok(
    [...graph.keys()].some((f) => inArea(f, 'xmpp')),
    'files found',
  );
  assert.deepEqual(
    violations('xmpp', (i) => inArea(i, 'xmpp', 'xml') || i.startsWith('node:') || i === 'saxes' || i === 'ws'),
    [],
  );
});

test('src/xml imports nothing else of openfinesse', () => {
  assert.deepEqual(
    violations('xml', (i) => inArea(i, 'xml') || i.startsWith('node:') || i === 'saxes'),
    [],
  );
});

test('src/notify reaches the XMPP server only through the pubsub ports, and no edge (http, store, telephony)', () => {
  assert.deepEqual(
    violations('notify', (i) => (inArea(i, 'xmpp') ? i === 'xmpp/pubsub/ports.ts' : !inArea(i, 'http', 'store', 'telephony'))),
    [],
  );
});

test('no import cycle passes through src/xmpp, src/notify or src/xml', () => {
  // Tarjan's strongly connected components over the whole src graph.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    indexOf.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, indexOf.get(next)!));
    }
    if (low.get(file) !== indexOf.get(file)) return;
    const component: string[] = [];
    for (let f = stack.pop()!; ; f = stack.pop()!) {
      onStack.delete(f);
      component.push(f);
      if (f === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!indexOf.has(file)) visit(file);
  assert.deepEqual(
    cycles.filter((c) => c.some((f) => inArea(f, 'xmpp', 'notify', 'xml'))),
    [],
  );
});
