// finesse.restservices.Team (finesse-reference §8.2) and its Users, kept current from the
// `/finesse/api/Team/{id}/Users` node (explicit subscription, gadget reference §3.3).
import { textField } from './fields.js';
import type { RestItemClass } from './rest-collection.js';
import { RestObject, type RestOptions } from './rest-object.js';
import { NotifiedSubCollection } from './sub-collection.js';
import { User } from './user.js';

/** A team's agents: summary Users embedded in the Team document. */
export class TeamUsers extends NotifiedSubCollection {
  override getParentType(): string {
    return 'Team';
  }

  override getRestType(): string {
    return 'Users';
  }

  override getRestItemType(): string {
    return 'User';
  }

  override getRestItemClass(): RestItemClass {
    return User;
  }

  override _explicitNode(): boolean {
    return true;
  }
}

export class Team extends RestObject {
  override getRestType(): string {
    return 'Team';
  }

  override _loadPath(): string {
    return `${this.getRestUrl()}?includeLoggedOutAgents=true`;
  }

  getName(): string {
    return textField(this._data?.name);
  }

  /** The team's users from the loaded Team document, subscribed for their state changes. */
  getUsers(options?: RestOptions): TeamUsers {
    return this._child('Users', options, (o) => {
      const users = new TeamUsers({ ...o, data: this._data?.users ?? null });
      users._subscribe();
      return users;
    });
  }
}
