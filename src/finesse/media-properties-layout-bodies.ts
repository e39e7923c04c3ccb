import { DomainError } from '../domain/errors.js';
import type { LayoutEntry, MediaPropertiesLayoutType } from '../domain/media-properties-layout.js';
import { DEFAULT_LAYOUT_ID } from '../domain/media-properties-layout.js';
import type { MediaPropertiesLayoutDraft, MediaPropertiesLayoutPatch } from '../domain/media-properties-layout-rules.js';
import { noUpdatableField, readBoolean, required } from './configuration-bodies.js';
import type { XmlElement } from './xml-reader.js';
import { child, childText } from './xml-reader.js';

/**
 * The request bodies of the MediaPropertiesLayout configuration API (admin reference §5): a missing
 * required field or an unreadable value is 400 Bad Request naming it; a PUT with none of the updatable
 * fields is 400 Invalid Input; `uri` and unknown elements are ignored. The limits are the rules' to check.
 */

/** `<MediaPropertiesLayout>` of a create: name and header required; type, when sent, must be CUSTOM. */
export function readLayoutDraft(body: XmlElement): MediaPropertiesLayoutDraft {
  checkType(body, 'CUSTOM');
  const header = child(body, 'header');
  if (!header) throw new DomainError('BadRequest', 'header is required', 'header');
  return { name: required(body, 'name'), description: childText(body, 'description') ?? '', header: readEntries(header), columns: readColumns(body) };
}

/** `<MediaPropertiesLayout>` of an update: any of name, description, header, columns (all of them at once). */
export function readLayoutPatch(body: XmlElement, type: MediaPropertiesLayoutType): MediaPropertiesLayoutPatch {
  checkType(body, type);
  const patch: MediaPropertiesLayoutPatch = {};
  const name = childText(body, 'name');
  const description = childText(body, 'description');
  const header = child(body, 'header');
  if (name !== undefined) patch.name = name;
  if (description !== undefined) patch.description = description;
  if (header) patch.header = readEntries(header);
  if (body.children.some((c) => c.name === 'column')) patch.columns = readColumns(body);
  if (Object.keys(patch).length === 0) throw noUpdatableField('name, description, header, column');
  return patch;
}

/**
 * The layout a team is given (`<MediaPropertiesLayout><uri>…/MediaPropertiesLayout/{id}</uri>…`): its id,
 * or null for the DEFAULT layout (the team then has no assignment).
 */
export function readAssignedLayoutId(body: XmlElement): string | null {
  const uri = required(body, 'uri');
  const match = /(?:^|\/)MediaPropertiesLayout\/([^/?#]+)\/?$/.exec(uri);
  if (!match) throw new DomainError('BadRequest', 'The uri must name a MediaPropertiesLayout', uri);
  return match[1] === DEFAULT_LAYOUT_ID ? null : match[1]!;
}

function readColumns(body: XmlElement): LayoutEntry[][] {
  return body.children.filter((c) => c.name === 'column').map(readEntries);
}

function readEntries(parent: XmlElement): LayoutEntry[] {
  return parent.children.filter((c) => c.name === 'entry').map(readEntry);
}

function readEntry(entry: XmlElement): LayoutEntry {
  const flag = (name: string) => {
    const value = childText(entry, name);
    return value === undefined || value === '' ? false : readBoolean(name, value);
  };
  return {
    displayName: childText(entry, 'displayName') ?? '',
    mediaProperty: childText(entry, 'mediaProperty') ?? '',
    showInPopOver: flag('showInPopOver'),
    uiEditable: flag('uiEditable'),
  };
}

function checkType(body: XmlElement, expected: MediaPropertiesLayoutType): void {
  const type = childText(body, 'type');
  if (type !== undefined && type !== expected) throw new DomainError('BadRequest', `The type must be ${expected}`, type);
}
