// finesse.restservices.MediaPropertiesLayout(s) (finesse-reference §8.4): which media properties a call
// shows, as a header entry and up to two columns. Gadgets read `_data.column` directly (§4.5).
import { getArray } from '../utilities.js';
import { textField } from './fields.js';
import type { RestItemClass } from './rest-collection.js';
import { RestObject } from './rest-object.js';
import { SubCollection } from './sub-collection.js';

export interface LayoutEntry {
  displayName: string;
  mediaProperty: string;
}

const entriesOf = (parent: unknown): LayoutEntry[] =>
  (getArray((parent as { entry?: unknown } | null)?.entry) as Record<string, unknown>[]).map((e) => ({
    displayName: textField(e?.displayName),
    mediaProperty: textField(e?.mediaProperty),
  }));

export class MediaPropertiesLayout extends RestObject {
  override getRestType(): string {
    return 'MediaPropertiesLayout';
  }

  /** Loaded alone by a user it is the user's layout: `/finesse/api/User/{id}/MediaPropertiesLayout`. */
  override getRestUrl(): string {
    const parent = this._options.parent;
    return parent && parent.getRestType() === 'User' ? `${parent.getRestUrl()}/MediaPropertiesLayout` : super.getRestUrl();
  }

  getName(): string {
    return textField(this._data?.name);
  }

  getDescription(): string {
    return textField(this._data?.description);
  }

  getType(): string {
    return textField(this._data?.type);
  }

  getHeaderEntries(): LayoutEntry[] {
    return entriesOf(this._data?.header);
  }

  /** Each column's entries. */
  getColumns(): LayoutEntry[][] {
    return getArray(this._data?.column).map(entriesOf);
  }
}

export class MediaPropertiesLayouts extends SubCollection {
  override getRestType(): string {
    return 'MediaPropertiesLayouts';
  }

  override getRestItemType(): string {
    return 'MediaPropertiesLayout';
  }

  override getRestItemClass(): RestItemClass {
    return MediaPropertiesLayout;
  }
}
