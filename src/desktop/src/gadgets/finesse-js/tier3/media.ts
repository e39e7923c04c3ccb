// Experimental 12.x media objects (gadget reference §4.4): Media, MediaList, MediaDialogs and their constants.
// They follow the RestBase contract (options, getData/_data, _collection) over
// /finesse/api/User/{id}/MediaList, …/Media/{mrdId} and …/Media/{mrdId}/Dialogs.
import { callSafely } from '../gadgets-api.js';
import { field, type MediaDeps, isSuccess, mediaRequest, type RestResponse, settle, userPath, xmlBody } from './media-rest.js';

type Options = Record<string, unknown>;

const optionsOf = (value: unknown): Options => (typeof value === 'object' && value !== null ? (value as Options) : {});
const asList = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);

function call(options: Options, name: string, ...args: unknown[]): void {
  const fn = options[name];
  if (typeof fn === 'function') callSafely(fn as (...a: unknown[]) => unknown, ...args);
}

const actionSet = (actions: readonly string[]) => {
  const set: Record<string, unknown> = {};
  for (const action of actions) set[action] = action;
  set.isValidAction = (action: unknown) => typeof action === 'string' && actions.includes(action);
  return Object.freeze(set);
};

export const InterruptActions = actionSet(['ACCEPT', 'IGNORE']);
export const DialogLogoutActions = actionSet(['CLOSE', 'TRANSFER']);
const MEDIA_STATES = ['LOGIN', 'LOGOUT', 'NOT_READY', 'READY', 'BUSY', 'RESERVED', 'ACTIVE', 'WORK', 'WORK_READY'] as const;

/** Loads `path`; on success `accept(object)` takes the data, then onLoad; otherwise onError gets the response. */
function load(deps: MediaDeps, path: string, options: Options, self: unknown, accept: (rsp: RestResponse) => void): void {
  mediaRequest(deps, 'GET', path, null, (rsp) => {
    if (!isSuccess(rsp.status)) return call(options, 'onError', rsp);
    accept(rsp);
    call(options, 'onLoad', self);
  });
}

export function createMediaClasses(deps: MediaDeps) {
  class Media {
    static readonly States = Object.freeze(Object.fromEntries(MEDIA_STATES.map((s) => [s, s])));
    _data: Options = {};
    private readonly options: Options;
    private readonly mediaId: string;

    constructor(options?: unknown) {
      this.options = optionsOf(options);
      this.mediaId = String(this.options.id ?? '');
      const given = field(this.options, 'data');
      if (given !== undefined) this._data = optionsOf(given);
      else load(deps, this.getRestUrl(), this.options, this, (rsp) => (this._data = optionsOf(field(rsp.object, 'Media'))));
    }

    getRestUrl = () => userPath(deps, `/Media/${encodeURIComponent(this.mediaId)}`, this.options.userId);
    getData = () => this._data;
    getId = () => String(this._data.id ?? this.mediaId);
    getName = () => this._data.name as string | undefined;
    getState = () => this._data.state as string | undefined;
    isLoggedIn = () => this.getState() !== undefined && this.getState() !== 'LOGOUT';
    getRoutable = () => String(this._data.routable) === 'true';

    private put(fields: Options, handlers: unknown): void {
      mediaRequest(deps, 'PUT', this.getRestUrl(), xmlBody('Media', fields), (rsp) => settle(handlers, rsp));
    }

    login = (params?: unknown) => {
      const p = optionsOf(params);
      const fields = { state: 'LOGIN', maxDialogLimit: p.maxDialogLimit, interruptAction: p.interruptAction, dialogLogoutAction: p.dialogLogoutAction };
      this.put(fields, p.handlers);
    };
    logout = (reasonCode?: unknown, params?: unknown) => {
      const reasonCodeId = field(reasonCode, 'id') ?? reasonCode;
      this.put({ state: 'LOGOUT', reasonCodeId: typeof reasonCodeId === 'object' ? undefined : reasonCodeId }, optionsOf(params).handlers);
    };
    setState = (state: unknown, reasonCode?: unknown, handlers?: unknown) => {
      const reasonCodeId = field(reasonCode, 'id') ?? reasonCode;
      this.put({ state, reasonCodeId: typeof reasonCodeId === 'object' ? undefined : reasonCodeId }, handlers);
    };
    setRoutable = (params?: unknown) => {
      const p = optionsOf(params);
      this.put({ routable: p.routable === true || p.routable === 'true' ? 'true' : 'false' }, p.handlers);
    };
    getMediaDialogs = (options?: unknown) => new MediaDialogs({ ...optionsOf(options), mediaId: this.mediaId, userId: this.options.userId });
  }

  class MediaList {
    _data: Options = {};
    _collection: Record<string, Media> = {};
    length = 0;
    private readonly options: Options;

    constructor(options?: unknown) {
      this.options = optionsOf(options);
      load(deps, this.getRestUrl(), this.options, this, (rsp) => {
        this._data = optionsOf(field(rsp.object, 'MediaList'));
        for (const item of asList(this._data.Media)) {
          const media = new Media({ id: field(item, 'id'), data: item, userId: this.options.userId });
          this._collection[media.getId()] = media;
        }
        this.length = Object.keys(this._collection).length;
      });
    }

    getRestUrl = () => userPath(deps, '/MediaList', this.options.userId);
    getData = () => this._data;
    getCollection = () => this._collection;
    /** `getMedia({id, onLoad, onError, onChange, mediaOptions})`: a Media loaded by its mrd id. */
    getMedia = (options?: unknown) => {
      const o = optionsOf(options);
      return new Media({ ...optionsOf(o.mediaOptions), userId: this.options.userId, ...o });
    };
  }

  class MediaDialogs {
    _data: Options = {};
    _collection: Record<string, unknown> = {};
    length = 0;
    private readonly options: Options;

    constructor(options?: unknown) {
      this.options = optionsOf(options);
      load(deps, this.getRestUrl(), this.options, this, (rsp) => {
        this._data = optionsOf(field(rsp.object, 'Dialogs'));
        for (const item of asList(this._data.Dialog)) this._collection[String(field(item, 'id') ?? this.length)] = item;
        this.length = Object.keys(this._collection).length;
      });
    }

    getRestUrl = () => userPath(deps, `/Media/${encodeURIComponent(String(this.options.mediaId ?? ''))}/Dialogs`, this.options.userId);
    getData = () => this._data;
    getCollection = () => this._collection;
  }

  return { Media, MediaList, MediaDialogs, InterruptActions, DialogLogoutActions };
}
