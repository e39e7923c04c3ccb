import type { AccessPolicy } from '../../application/access-policy.js';
import type { Directory } from '../../domain/directory.js';
import type { UserAccount } from '../../domain/model.js';
import type { QueueCatalogue } from '../../application/queue-catalogue.js';
import { API } from '../../finesse/uris.js';

export type PubsubNode =
  | { kind: 'user'; loginId: string }
  | { kind: 'userDialogs'; loginId: string }
  | { kind: 'teamUsers'; teamId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'systemInfo' };

const SEGMENT = '([^/]+)';
const USER = new RegExp(`^${API}/User/${SEGMENT}$`);
const USER_DIALOGS = new RegExp(`^${API}/User/${SEGMENT}/Dialogs$`);
const TEAM_USERS = new RegExp(`^${API}/Team/${SEGMENT}/Users$`);
const QUEUE = new RegExp(`^${API}/Queue/${SEGMENT}$`);

/** Which Finesse node a name denotes; node names are case-sensitive, like the loginIds in them. */
export function parseNode(name: string): PubsubNode | null {
  let m: RegExpExecArray | null;
  if ((m = USER.exec(name))) return { kind: 'user', loginId: m[1]! };
  if ((m = USER_DIALOGS.exec(name))) return { kind: 'userDialogs', loginId: m[1]! };
  if ((m = TEAM_USERS.exec(name))) return { kind: 'teamUsers', teamId: m[1]! };
  if ((m = QUEUE.exec(name))) return { kind: 'queue', queueId: m[1]! };
  if (name === `${API}/SystemInfo`) return { kind: 'systemInfo' };
  return null;
}

/**
 * How `account` may subscribe to a node: `automatic` nodes are subscribed by the server itself,
 * `explicit` ones need a subscribe request. A node the account may not see is `forbidden` whether or not
 * its id exists; only administrators learn `item-not-found` for an id that does not exist.
 */
export type NodeAccess = 'automatic' | 'explicit' | 'forbidden' | 'item-not-found';

/** The Finesse node rules, answered by the access policy that REST asks too. */
export class FinesseNodes {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly directory: Directory,
    private readonly queues: QueueCatalogue,
  ) {}

  access(nodeName: string, account: UserAccount): NodeAccess {
    const node = parseNode(nodeName);
    if (node === null) return 'item-not-found';
    if (node.kind === 'systemInfo') return 'automatic';
    const hidden = this.policy.isAdministrator(account) ? 'item-not-found' : 'forbidden';
    switch (node.kind) {
      case 'user':
      case 'userDialogs': {
        const target = this.directory.findUserByLoginId(node.loginId);
        if (!target) return hidden;
        if (target.loginId === account.loginId) return 'automatic';
        return this.policy.mayReadUser(account, target) ? 'explicit' : 'forbidden';
      }
      case 'teamUsers':
        if (!this.directory.findTeam(node.teamId)) return hidden;
        return this.policy.mayReadTeam(account, node.teamId) ? 'explicit' : 'forbidden';
      case 'queue': {
        const queue = this.queues.find(node.queueId);
        if (!queue) return hidden;
        return this.policy.mayWatchQueue(account, queue) ? 'explicit' : 'forbidden';
      }
    }
  }

  /** The nodes `account` may subscribe to (its own automatic ones included), for service discovery. */
  visibleTo(account: UserAccount): string[] {
    const nodes = [`${API}/User/${account.loginId}`, `${API}/User/${account.loginId}/Dialogs`, `${API}/SystemInfo`];
    for (const user of this.directory.allUsers()) {
      if (user.loginId !== account.loginId && this.policy.mayReadUser(account, user)) nodes.push(`${API}/User/${user.loginId}`, `${API}/User/${user.loginId}/Dialogs`);
    }
    for (const team of this.directory.allTeams()) if (this.policy.mayReadTeam(account, team.id)) nodes.push(`${API}/Team/${team.id}/Users`);
    for (const queue of this.policy.watchedQueues(account)) nodes.push(`${API}/Queue/${queue.id}`);
    return nodes;
  }

  /** The nodes the server subscribes the account's bare JID to by itself. */
  automaticFor(account: UserAccount): string[] {
    return [`${API}/User/${account.loginId}`, `${API}/User/${account.loginId}/Dialogs`, `${API}/SystemInfo`];
  }
}
