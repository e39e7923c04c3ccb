import { isHubErrorName, type HubErrorName } from './errors.js';
import { isJsonValue } from './json-value.js';

// The hub part of the private channel between a gadget's document and the desktop (gadget reference
// §2.7, [design]): one MessagePort per gadget after the handshake of §7.2. Both ends are openfinesse
// code and share these shapes; each end validates what it receives, since the gadget side runs
// author-supplied code next to the runtime. Topic syntax is the router's concern (BadParameters), so
// here a topic only has to be a string.

/** Gadget → desktop. */
export type GadgetHubMessage =
  | { kind: 'hub.connect' }
  | { kind: 'hub.disconnect' }
  | { kind: 'hub.subscribe'; subId: string; topic: string }
  | { kind: 'hub.unsubscribe'; subId: string }
  | { kind: 'hub.publish'; topic: string; data: unknown };

export type HubOperation = 'connect' | 'disconnect' | 'subscribe' | 'unsubscribe';

/** Desktop → gadget. */
export type DesktopHubMessage =
  | { kind: 'hub.deliver'; subId: string; topic: string; data: unknown }
  /** The answer to connect/disconnect/subscribe/unsubscribe (subId for the last two). */
  | { kind: 'hub.ack'; op: HubOperation; subId?: string; ok: boolean; error?: HubErrorName }
  /** A publish the router refused (publish has no onComplete; the runtime logs it). */
  | { kind: 'hub.error'; topic: string; error: HubErrorName };

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: string };

type Fields = Record<string, unknown>;

const OPERATIONS: ReadonlySet<string> = new Set<HubOperation>(['connect', 'disconnect', 'subscribe', 'unsubscribe']);

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

function bad<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

/** Checks that exactly the allowed fields are present (`data` may be absent: it is then `undefined`). */
function onlyFields(m: Fields, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(m).filter((name) => name !== 'kind' && !allowed.includes(name));
  return extra.length > 0 ? `unexpected field ${extra[0]}` : undefined;
}

export function parseGadgetMessage(value: unknown): Parsed<GadgetHubMessage> {
  if (!isRecord(value)) return bad('not an object');
  const m = value;
  switch (m.kind) {
    case 'hub.connect':
    case 'hub.disconnect': {
      const extra = onlyFields(m, []);
      return extra ? bad(extra) : { ok: true, message: { kind: m.kind } };
    }
    case 'hub.subscribe': {
      const extra = onlyFields(m, ['subId', 'topic']);
      if (extra) return bad(extra);
      if (!nonEmpty(m.subId) || typeof m.topic !== 'string') return bad('hub.subscribe needs subId and topic');
      return { ok: true, message: { kind: m.kind, subId: m.subId, topic: m.topic } };
    }
    case 'hub.unsubscribe': {
      const extra = onlyFields(m, ['subId']);
      if (extra) return bad(extra);
      if (!nonEmpty(m.subId)) return bad('hub.unsubscribe needs subId');
      return { ok: true, message: { kind: m.kind, subId: m.subId } };
    }
    case 'hub.publish': {
      const extra = onlyFields(m, ['topic', 'data']);
      if (extra) return bad(extra);
      if (typeof m.topic !== 'string') return bad('hub.publish needs topic');
      if (!isJsonValue(m.data)) return bad('hub.publish data is not a JSON value');
      return { ok: true, message: { kind: m.kind, topic: m.topic, data: m.data } };
    }
    default:
      return bad(`unknown kind ${String(m.kind)}`);
  }
}

export function parseDesktopMessage(value: unknown): Parsed<DesktopHubMessage> {
  if (!isRecord(value)) return bad('not an object');
  const m = value;
  switch (m.kind) {
    case 'hub.deliver': {
      const extra = onlyFields(m, ['subId', 'topic', 'data']);
      if (extra) return bad(extra);
      if (!nonEmpty(m.subId) || typeof m.topic !== 'string') return bad('hub.deliver needs subId and topic');
      if (!isJsonValue(m.data)) return bad('hub.deliver data is not a JSON value');
      return { ok: true, message: { kind: m.kind, subId: m.subId, topic: m.topic, data: m.data } };
    }
    case 'hub.ack':
      return parseAck(m);
    case 'hub.error': {
      const extra = onlyFields(m, ['topic', 'error']);
      if (extra) return bad(extra);
      if (typeof m.topic !== 'string' || !isHubErrorName(m.error)) return bad('hub.error needs topic and a hub error name');
      return { ok: true, message: { kind: m.kind, topic: m.topic, error: m.error } };
    }
    default:
      return bad(`unknown kind ${String(m.kind)}`);
  }
}

function parseAck(m: Fields): Parsed<DesktopHubMessage> {
  const extra = onlyFields(m, ['op', 'subId', 'ok', 'error']);
  if (extra) return bad(extra);
  if (typeof m.op !== 'string' || !OPERATIONS.has(m.op)) return bad('hub.ack needs op');
  const op = m.op as HubOperation;
  if (typeof m.ok !== 'boolean') return bad('hub.ack needs ok');
  const needsSub = op === 'subscribe' || op === 'unsubscribe';
  if (needsSub ? !nonEmpty(m.subId) : m.subId !== undefined) return bad(`hub.ack for ${op} ${needsSub ? 'needs' : 'takes no'} subId`);
  if (m.ok ? m.error !== undefined : !isHubErrorName(m.error)) return bad(m.ok ? 'hub.ack ok takes no error' : 'hub.ack failure needs a hub error name');
  const message: DesktopHubMessage = { kind: 'hub.ack', op, ok: m.ok };
  if (needsSub) message.subId = m.subId as string;
  if (!m.ok) message.error = m.error as HubErrorName;
  return { ok: true, message };
}
