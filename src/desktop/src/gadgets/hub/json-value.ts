// Hub messages are JSON-serialisable values (and `undefined`, which the hub must deliver: success
// responses on `finesse.info.responses.<invokeID>` are `undefined`, gadget reference §2.6).
// Refused: functions, symbols, bigints, non-finite numbers, class instances (Date, Map, typed arrays,
// DOM objects…), cycles, and anything nested deeper than `maxDepth`.

const DEFAULT_MAX_DEPTH = 64;

export function isJsonValue(value: unknown, maxDepth = DEFAULT_MAX_DEPTH): boolean {
  return check(value, maxDepth, new Set());
}

function check(value: unknown, depth: number, path: Set<object>): boolean {
  switch (typeof value) {
    case 'undefined':
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return value === null || checkObject(value, depth, path);
    default:
      return false;
  }
}

function checkObject(value: object, depth: number, path: Set<object>): boolean {
  if (depth <= 0 || path.has(value)) return false;
  const isArray = Array.isArray(value);
  if (!isArray) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    if (Object.getOwnPropertySymbols(value).length > 0) return false;
  }
  path.add(value);
  const items: unknown[] = isArray ? value : Object.values(value);
  const good = items.every((item) => check(item, depth - 1, path));
  path.delete(value);
  return good;
}

/** The size of a value on the wire, in UTF-16 code units of its JSON text (0 for `undefined`). */
export function jsonSize(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : text.length;
}
