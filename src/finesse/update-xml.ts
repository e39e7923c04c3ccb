import { escapeText } from './xml-escape.js';

export type UpdateEvent = 'POST' | 'PUT' | 'DELETE';

/**
 * The `<Update>` document of a notification, children in the order Finesse emits them:
 * data, event, requestId, source. `data` is already-serialised XML with a lower-case root.
 */
export function updateXml(data: string, event: UpdateEvent, requestId: string, source: string): string {
  return `<Update><data>${data}</data><event>${event}</event><requestId>${escapeText(requestId)}</requestId><source>${escapeText(source)}</source></Update>`;
}
