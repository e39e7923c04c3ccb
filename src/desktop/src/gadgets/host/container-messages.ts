import type { Parsed } from '../hub/channel.js';
import type { GadgetContainerMessage } from '../protocol.js';

// The container part of the gadget channel (gadget reference §2.7; shapes in ../protocol.ts). Gadget
// documents run author-supplied code next to the runtime, so every message is checked field by field
// and nothing but the declared fields passes on.

type Fields = Record<string, unknown>;
type Method = Extract<GadgetContainerMessage, { kind: 'io.request' }>['method'];
type Level = Extract<GadgetContainerMessage, { kind: 'log' }>['level'];

const METHODS: ReadonlySet<string> = new Set<Method>(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);
const LEVELS: ReadonlySet<string> = new Set<Level>(['debug', 'info', 'warn', 'error']);

/** Caps on what one message may carry: a gadget cannot make the desktop hold or draw unbounded text. */
export const CONTAINER_LIMITS = {
  maxTitleChars: 200,
  maxPrefKeyChars: 200,
  maxPrefValueChars: 2048,
  maxUrlChars: 8192,
  maxLogChars: 4000,
  maxHeight: 10_000,
  maxBodyChars: 1024 * 1024,
  maxHeaders: 100,
} as const;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const nonEmptyText = (value: unknown, max: number): value is string => text(value, max) && value !== '';

function bad<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

function extraField(m: Fields, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(m).find((name) => name !== 'kind' && !allowed.includes(name));
  return extra === undefined ? undefined : `unexpected field ${extra}`;
}

function isHeaderMap(value: unknown): value is Record<string, string> {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= CONTAINER_LIMITS.maxHeaders && entries.every(([name, v]) => name !== '' && typeof v === 'string');
}

function parseIoRequest(m: Fields): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, ['reqId', 'url', 'method', 'headers', 'body', 'getFullHeaders']);
  if (extra) return bad(extra);
  if (!nonEmptyText(m.reqId, 200)) return bad('io.request needs reqId');
  if (!nonEmptyText(m.url, CONTAINER_LIMITS.maxUrlChars)) return bad('io.request needs a url');
  if (typeof m.method !== 'string' || !METHODS.has(m.method)) return bad('io.request needs a method');
  if (!isHeaderMap(m.headers)) return bad('io.request headers must map names to strings');
  if (m.body !== null && !text(m.body, CONTAINER_LIMITS.maxBodyChars)) return bad('io.request body must be a string or null');
  if (typeof m.getFullHeaders !== 'boolean') return bad('io.request needs getFullHeaders');
  return {
    ok: true,
    message: {
      kind: 'io.request',
      reqId: m.reqId,
      url: m.url,
      method: m.method as Method,
      headers: { ...m.headers },
      body: m.body,
      getFullHeaders: m.getFullHeaders,
    },
  };
}

function parseHeight(m: Fields): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, ['height']);
  if (extra) return bad(extra);
  if (typeof m.height !== 'number' || !Number.isFinite(m.height)) return bad('window.height needs a number');
  return { ok: true, message: { kind: 'window.height', height: Math.min(CONTAINER_LIMITS.maxHeight, Math.max(0, Math.round(m.height))) } };
}

/** One string field `name` under `max` characters (non-empty when `required`). */
function oneString<K extends GadgetContainerMessage['kind']>(m: Fields, kind: K, name: string, max: number, required: boolean): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, [name]);
  if (extra) return bad(extra);
  const value = m[name];
  if (!(required ? nonEmptyText(value, max) : text(value, max))) return bad(`${kind} needs ${name} (a string of at most ${max} characters)`);
  return { ok: true, message: { kind, [name]: value } as GadgetContainerMessage };
}

function parsePrefsSet(m: Fields): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, ['key', 'value']);
  if (extra) return bad(extra);
  if (!nonEmptyText(m.key, CONTAINER_LIMITS.maxPrefKeyChars)) return bad('prefs.set needs a key');
  if (!text(m.value, CONTAINER_LIMITS.maxPrefValueChars)) return bad('prefs.set needs a string value');
  return { ok: true, message: { kind: 'prefs.set', key: m.key, value: m.value } };
}

function parseLog(m: Fields): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, ['level', 'text']);
  if (extra) return bad(extra);
  if (typeof m.level !== 'string' || !LEVELS.has(m.level)) return bad('log needs a level');
  if (typeof m.text !== 'string') return bad('log needs text');
  return { ok: true, message: { kind: 'log', level: m.level as Level, text: m.text.slice(0, CONTAINER_LIMITS.maxLogChars) } };
}

function bare(m: Fields, kind: 'loading.dismiss' | 'loading.show' | 'container.reload'): Parsed<GadgetContainerMessage> {
  const extra = extraField(m, []);
  return extra ? bad(extra) : { ok: true, message: { kind } };
}

/** A GadgetContainerMessage from a gadget's port, or why it is not one. */
export function parseContainerMessage(value: unknown): Parsed<GadgetContainerMessage> {
  if (!isRecord(value)) return bad('not an object');
  const m = value;
  switch (m.kind) {
    case 'io.request':
      return parseIoRequest(m);
    case 'window.height':
      return parseHeight(m);
    case 'window.title':
      return oneString(m, 'window.title', 'text', CONTAINER_LIMITS.maxTitleChars, false);
    case 'prefs.set':
      return parsePrefsSet(m);
    case 'loading.dismiss':
    case 'loading.show':
    case 'container.reload':
      return bare(m, m.kind);
    case 'views.navigate':
      return oneString(m, 'views.navigate', 'view', 100, true);
    case 'container.modifyUrl':
      return oneString(m, 'container.modifyUrl', 'url', CONTAINER_LIMITS.maxUrlChars, true);
    case 'log':
      return parseLog(m);
    default:
      return bad(`unknown kind ${String(m.kind)}`);
  }
}
