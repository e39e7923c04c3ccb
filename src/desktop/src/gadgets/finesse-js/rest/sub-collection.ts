// A collection that lives under a parent resource (`/finesse/api/User/{id}/Dialogs`,
// `/finesse/api/PhoneBook/{id}/Contacts`, `/finesse/api/Team/{id}/Users`): its URL is the parent's URL plus
// its own name. The parent comes from `options.parent` or, for gadgets that build one directly, from
// `options.id` (the parent's id) and the parent type each subclass names.
import { RestCollection } from './rest-collection.js';
import { topicOf } from './updates.js';

export class SubCollection extends RestCollection {
  /** The parent resource type when only an id is given (`User`). */
  getParentType(): string {
    return 'User';
  }

  override getId(): string {
    return this._options.parent?.getId() ?? this._id;
  }

  override getRestUrl(): string {
    const parent = this._options.parent?.getRestUrl() ?? `/finesse/api/${this.getParentType()}/${this._id}`;
    return `${parent}/${this.getRestType()}`;
  }
}

/** A SubCollection that owns a notification node. */
export class NotifiedSubCollection extends SubCollection {
  override _notificationTopic(): string | null {
    return topicOf(this.getRestUrl());
  }
}
