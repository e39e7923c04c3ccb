// `window.finesse` and its namespaces, merged rather than replaced: finesse.js and MessageDisplay.js load in
// either order, and gadgets re-declare `var finesse = finesse || {}` after both.

export type Namespace = Record<string, unknown>;

const isObject = (value: unknown): value is Namespace => (typeof value === 'object' || typeof value === 'function') && value !== null;

/** The global `finesse` object, created when absent; never replaced when another script made it. */
export function finesseRoot(): Namespace {
  const global = globalThis as { finesse?: unknown };
  if (!isObject(global.finesse)) global.finesse = {};
  return global.finesse as Namespace;
}

/** `parent[name]`, created as an empty object when absent. */
export function namespace(parent: Namespace, name: string): Namespace {
  const existing = parent[name];
  if (isObject(existing)) return existing;
  const created: Namespace = {};
  parent[name] = created;
  return created;
}

/** Copies each member into `target` (later files add members; they never drop what is there). */
export function merge(target: Namespace, members: Namespace): Namespace {
  for (const [key, value] of Object.entries(members)) target[key] = value;
  return target;
}
