// The 12.x MediaList (gadget reference §4.4, tier 3) belongs to the services part; User.getMediaList calls the
// factory it registers. Without one, the request fails the way a Finesse without media REST would: onError
// with a 404 response object, never a throw.
import { RestObject, type RestOptions } from './rest-object.js';

export type MediaListFactory = (user: RestObject, options: RestOptions) => RestObject;

let factory: MediaListFactory | null = null;

export function registerMediaList(create: MediaListFactory): void {
  factory = create;
}

/** Stands in for a MediaList when no factory is registered: loads `/User/{id}/MediaList`, which 404s. */
class UnavailableMediaList extends RestObject {
  override getRestType(): string {
    return 'MediaList';
  }

  override getRestUrl(): string {
    return `${this._options.parent?.getRestUrl() ?? ''}/MediaList`;
  }
}

export function createMediaList(user: RestObject, options: RestOptions): RestObject {
  return factory ? factory(user, options) : new UnavailableMediaList({ ...options, parent: user });
}
