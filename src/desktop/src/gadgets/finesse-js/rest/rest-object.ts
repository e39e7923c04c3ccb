// The RestBase contract every finesse.restservices object follows (gadget reference §4.2, §4.5): options
// handlers, getId/getData/getRestUrl, `_data`, handlers by event name, a GET on creation (or data embedded
// by a parent), and, for objects that own a notification node, a hub subscription after the load.
import type { RestResponse } from '../utilities.js';
import type { XmlData } from './fields.js';
import { type HubUpdate, restEnvironment } from './environment.js';
import { settleAsyncError } from './pending-errors.js';
import { isSuccess, restGet } from './request.js';
import { lastSegment, type ParsedUpdate, parseUpdate } from './updates.js';

export type RestEvent = 'load' | 'change' | 'add' | 'delete' | 'error' | 'collectionAdd' | 'collectionDelete';
/** Gadget callbacks get the object, a collection's item, or a response object. */
// biome-ignore lint/suspicious/noExplicitAny: gadgets type their callbacks' argument as they like
export type RestHandler = (arg: any) => void;
type Handler = RestHandler;

export interface RestOptions {
  id?: string;
  onLoad?: Handler;
  onChange?: Handler;
  onAdd?: Handler;
  onDelete?: Handler;
  onError?: Handler;
  onCollectionAdd?: Handler;
  onCollectionDelete?: Handler;
  /** Internal: the object's data as embedded in its parent's document (no GET then). */
  data?: unknown;
  /** Internal: the object (User, Team, collection) this one was made from. */
  parent?: RestObject;
  [option: string]: unknown;
}

const OPTION_EVENTS: [keyof RestOptions, RestEvent][] = [
  ['onLoad', 'load'],
  ['onChange', 'change'],
  ['onAdd', 'add'],
  ['onDelete', 'delete'],
  ['onError', 'error'],
  ['onCollectionAdd', 'collectionAdd'],
  ['onCollectionDelete', 'collectionDelete'],
];

export class RestObject {
  declare _data: XmlData;
  declare _id: string;
  declare _loaded: boolean;
  declare _options: RestOptions;
  declare _handlers: Map<RestEvent, Handler[]>;
  declare _subscribedTopic: string | null;
  declare _onHubData: (data: HubUpdate) => void;
  declare _children: Map<string, RestObject> | undefined;

  constructor(options?: RestOptions) {
    this._options = options ?? {};
    this._data = null;
    this._loaded = false;
    this._handlers = new Map();
    this._subscribedTopic = null;
    this._onHubData = (data) => this._receive(data);
    this._id = this._options.id === undefined ? '' : String(this._options.id);
    this._prepare();
    this._addOptionHandlers(this._options);
    if (this._options.data !== undefined) {
      this._setData(this._options.data);
      this._loaded = true;
      queueMicrotask(() => this._fire('load', this));
    } else {
      this._load();
    }
  }

  /** The resource name (`User`, `Dialog` …); the document root of a GET. */
  getRestType(): string {
    throw new Error('getRestType not defined');
  }

  /** `/finesse/api/<Type>/<id>`, or the object's own `uri` once known. */
  getRestUrl(): string {
    const uri = this._data?.uri;
    return typeof uri === 'string' && uri !== '' ? uri : `/finesse/api/${this.getRestType()}/${this._id}`;
  }

  getId(): string {
    return this._id !== '' ? this._id : lastSegment(this._data?.uri);
  }

  getData(): XmlData {
    return this._data;
  }

  isLoaded(): boolean {
    return this._loaded;
  }

  addHandler(event: RestEvent, handler: Handler): void {
    if (typeof handler !== 'function') return;
    this._handlers.set(event, [...(this._handlers.get(event) ?? []), handler]);
  }

  removeHandler(event: RestEvent, handler: Handler): void {
    this._handlers.set(
      event,
      (this._handlers.get(event) ?? []).filter((h) => h !== handler),
    );
  }

  /** GET again; `change` (or `error`) when it answers. */
  refresh(): void {
    this._load(true);
  }

  /** Stops listening for notifications. */
  destroy(): void {
    if (this._subscribedTopic) restEnvironment().unsubscribe(this._subscribedTopic, this._onHubData);
    this._subscribedTopic = null;
  }

  /** Adds the option handlers; when already loaded (an object reused from a cache), calls `onLoad` soon. */
  _addOptionHandlers(options: RestOptions): void {
    for (const [option, event] of OPTION_EVENTS) this.addHandler(event, options[option] as Handler);
    if (this._loaded && typeof options.onLoad === 'function') {
      const onLoad = options.onLoad;
      queueMicrotask(() => onLoad(this));
    }
  }

  /** One child object per kind (a user's Dialogs …): later callers get the same one, with their handlers added. */
  _child<T extends RestObject>(key: string, options: RestOptions | undefined, make: (options: RestOptions) => T): T {
    this._children ??= new Map();
    const existing = this._children.get(key) as T | undefined;
    if (existing) {
      existing._addOptionHandlers(options ?? {});
      return existing;
    }
    const created = make({ ...(options ?? {}), parent: this });
    this._children.set(key, created);
    return created;
  }

  /** Hook for subclasses to set up their own state before any data arrives. */
  _prepare(): void {}

  /** Stores the object's data (a collection rebuilds its items here). */
  _setData(data: unknown): void {
    this._data = data;
  }

  /** The path a GET loads; getRestUrl by default. */
  _loadPath(): string {
    return this.getRestUrl();
  }

  /** The hub topic this object listens on after its load, or null when it owns no notification node. */
  _notificationTopic(): string | null {
    return null;
  }

  /** Whether the node needs an explicit SubscribeNodeReq (Queue, Team Users; gadget reference §3.3). */
  _explicitNode(): boolean {
    return false;
  }

  _fire(event: RestEvent, arg: unknown): void {
    for (const handler of this._handlers.get(event) ?? []) {
      try {
        handler(arg);
      } catch (e) {
        console.error(`finesse.restservices ${this.getRestType()} ${event} handler failed`, e);
      }
    }
  }

  _load(reload = false): void {
    restGet(this._loadPath(), (rsp: RestResponse) => {
      if (!isSuccess(rsp.status)) return this._fire('error', rsp);
      const root = rsp.object?.[this.getRestType()];
      this._setData(root === undefined ? null : root);
      const first = !this._loaded;
      this._loaded = true;
      this._fire(first && !reload ? 'load' : 'change', this);
      if (first) this._subscribe();
    });
  }

  _subscribe(): void {
    const topic = this._notificationTopic();
    if (!topic || this._subscribedTopic) return;
    const env = restEnvironment();
    this._subscribedTopic = topic;
    env.subscribe(topic, this._onHubData);
    if (this._explicitNode()) env.subscribeNode?.(`/${topic.replace(/\./g, '/')}`);
  }

  _receive(hubData: HubUpdate): void {
    const update = parseUpdate(hubData);
    if (!update) return;
    if (update.dataName === 'apiErrors') {
      settleAsyncError(update.requestId, update.content, update.dataValue);
      return;
    }
    this._applyUpdate(update);
  }

  /** An Update for this object itself: new data → `change` (`add` on POST), DELETE → `delete`. */
  _applyUpdate(update: ParsedUpdate): void {
    if (update.event === 'DELETE') return this._fire('delete', this);
    if (update.dataValue && typeof update.dataValue === 'object') this._setData(update.dataValue);
    this._fire(update.event === 'POST' ? 'add' : 'change', this);
  }
}
