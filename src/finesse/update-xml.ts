import { type Markup, XML_MARKUP } from './xml-escape.js';

export type UpdateEvent = 'POST' | 'PUT' | 'DELETE';

/**
 * The `<Update>` document of a notification, children in the order Finesse emits them:
 * data, event, requestId, source. `data` is already serialised, with a lower-case root, in the same markup.
 */
export function updateXml(data: string, event: UpdateEvent, requestId: string, source: string, m: Markup = XML_MARKUP): string {
  const { lt, gt } = m;
  return (
    `${lt}Update${gt}${lt}data${gt}${data}${lt}/data${gt}${lt}event${gt}${event}${lt}/event${gt}` +
    `${lt}requestId${gt}${m.text(requestId)}${lt}/requestId${gt}${lt}source${gt}${m.text(source)}${lt}/source${gt}${lt}/Update${gt}`
  );
}
