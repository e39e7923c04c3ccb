import type { LayoutEntry, MediaPropertiesLayout } from '../domain/media-properties-layout.js';
import { mediaPropertiesLayoutUri } from './uris.js';
import { element } from './xml-escape.js';

/**
 * `<MediaPropertiesLayout>` (admin reference §5.1): uri, name, description, type, the one header entry
 * and the columns (left, then right), each entry with the 12.x flags.
 */
export function mediaPropertiesLayoutXml(layout: MediaPropertiesLayout): string {
  return (
    `<MediaPropertiesLayout>${element('uri', mediaPropertiesLayoutUri(layout.id))}${element('name', layout.name)}` +
    `${element('description', layout.description)}${element('type', layout.type)}` +
    `<header>${layout.header.map(entryXml).join('')}</header>` +
    `${layout.columns.map((column) => `<column>${column.map(entryXml).join('')}</column>`).join('')}</MediaPropertiesLayout>`
  );
}

export function mediaPropertiesLayoutsXml(layouts: readonly MediaPropertiesLayout[]): string {
  return `<MediaPropertiesLayouts>${layouts.map(mediaPropertiesLayoutXml).join('')}</MediaPropertiesLayouts>`;
}

function entryXml(entry: LayoutEntry): string {
  return (
    `<entry>${element('displayName', entry.displayName)}${element('mediaProperty', entry.mediaProperty)}` +
    `${element('showInPopOver', String(entry.showInPopOver))}${element('uiEditable', String(entry.uiEditable))}</entry>`
  );
}
