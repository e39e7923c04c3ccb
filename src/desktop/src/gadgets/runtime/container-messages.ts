import type { DesktopContainerMessage } from '../protocol.js';

// Validation of the desktop's non-hub messages (protocol.ts DesktopContainerMessage): the port is the
// desktop's, but the runtime checks shapes anyway and ignores anything else.

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

function isHeaderMap(value: unknown): value is Record<string, string[]> {
  return isRecord(value) && Object.values(value).every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'));
}

export function parseDesktopContainerMessage(value: unknown): DesktopContainerMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'views.changed') {
    return typeof value.view === 'string' && value.view !== '' ? { kind: 'views.changed', view: value.view } : undefined;
  }
  if (value.kind !== 'io.response') return undefined;
  const { reqId, rc, body, headers, errors } = value;
  if (typeof reqId !== 'string' || typeof rc !== 'number' || !Number.isInteger(rc) || typeof body !== 'string') return undefined;
  if (!isHeaderMap(headers) || !Array.isArray(errors) || !errors.every((e) => typeof e === 'string')) return undefined;
  return { kind: 'io.response', reqId, rc, body, headers, errors };
}
