// A finesse.restservices collection (gadget reference §3.4, §4.2, §4.5): `_collection` (id → item) and
// `length`, items built from the collection document, and notifications applied by the POST/DELETE/PUT rule
// (finesse-reference §9.5): the collection's own URI as `source` adds (POST) or removes (DELETE) the items
// under `data/<collection>/<Item>`; any other source updates the item named by the last segment of its uri.
import { getArray } from '../utilities.js';
import { RestObject, type RestOptions } from './rest-object.js';
import { lastSegment, type ParsedUpdate } from './updates.js';

export type RestItemClass = new (options: RestOptions) => RestObject;

export class RestCollection extends RestObject {
  declare _collection: Record<string, RestObject>;
  declare length: number;

  /** The item element name (`Dialog` in `<Dialogs>`). */
  getRestItemType(): string {
    throw new Error('getRestItemType not defined');
  }

  getRestItemClass(): RestItemClass {
    throw new Error('getRestItemClass not defined');
  }

  /** id → item. */
  getCollection(): Record<string, RestObject> {
    return this._collection;
  }

  override _prepare(): void {
    this._collection = {};
    this.length = 0;
  }

  override _setData(data: unknown): void {
    this._collection = {};
    this._itemsIn(data).forEach((itemData, index) => {
      const item = this._makeItem(itemData);
      this._collection[item.getId() || String(index)] = item;
    });
    this._syncData();
  }

  /** The item objects under `<Item>` of a collection value (either case of the collection root). */
  _itemsIn(collectionValue: unknown): unknown[] {
    if (!collectionValue || typeof collectionValue !== 'object') return [];
    return getArray((collectionValue as Record<string, unknown>)[this.getRestItemType()]).filter((i) => i && typeof i === 'object');
  }

  _makeItem(itemData: unknown): RestObject {
    const ItemClass = this.getRestItemClass();
    const id = lastSegment((itemData as { uri?: unknown }).uri) || String((itemData as { id?: unknown }).id ?? '');
    return new ItemClass({ id, data: itemData, parent: this });
  }

  /** `_data` and `length` follow the items, so `getData()` stays the collection document's object. */
  _syncData(): void {
    const items = Object.values(this._collection);
    this.length = items.length;
    const list = items.map((i) => i._data);
    this._data = { [this.getRestItemType()]: list.length === 1 ? list[0] : list };
  }

  override _applyUpdate(update: ParsedUpdate): void {
    if (update.source === this.getRestUrl()) {
      if (update.event === 'POST') return this._addItems(this._itemsIn(update.dataValue), update);
      if (update.event === 'DELETE') return this._removeItems(this._itemsIn(update.dataValue));
      return;
    }
    const itemData = update.dataValue as { uri?: unknown } | null;
    const id = lastSegment(itemData?.uri) || lastSegment(update.source);
    const item = this._collection[id];
    if (item) {
      item._applyUpdate(update);
      this._syncData();
    } else if (update.event !== 'DELETE' && itemData && typeof itemData === 'object') {
      this._addItems([itemData], update);
    }
  }

  _addItems(itemsData: unknown[], update: ParsedUpdate): void {
    for (const itemData of itemsData) {
      const id = lastSegment((itemData as { uri?: unknown }).uri);
      const existing = this._collection[id];
      if (existing) {
        existing._applyUpdate({ ...update, event: 'PUT', dataValue: itemData });
        continue;
      }
      const item = this._makeItem(itemData);
      this._collection[item.getId()] = item;
      this._syncData();
      this._fire('collectionAdd', item);
    }
  }

  _removeItems(itemsData: unknown[]): void {
    for (const itemData of itemsData) {
      const id = lastSegment((itemData as { uri?: unknown }).uri);
      const item = this._collection[id];
      if (!item) continue;
      delete this._collection[id];
      item._data = itemData;
      this._syncData();
      item._fire('delete', item);
      this._fire('collectionDelete', item);
    }
  }
}
