import type { Directory } from '../../domain/directory.js';
import type { UserAccount } from '../../domain/model.js';
import { hasRole } from '../../domain/model.js';
import type { Queue } from '../../domain/queue.js';
import { isQueueMember } from '../../domain/queue.js';
import { API } from '../../finesse/uris.js';

export type PubsubNode =
  | { kind: 'user'; loginId: string }
  | { kind: 'userDialogs'; loginId: string }
  | { kind: 'teamUsers'; teamId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'systemInfo' };

/** The queues of the phone system, as the pubsub rules need them. */
export interface QueueLookup {
  findQueue(queueId: string): Queue | undefined;
  queues(): Queue[];
}

export const NO_QUEUES: QueueLookup = { findQueue: () => undefined, queues: () => [] };

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
 * `explicit` ones need a subscribe request.
 */
export type NodeAccess = 'automatic' | 'explicit' | 'forbidden' | 'item-not-found';

export function nodeAccess(node: PubsubNode | null, account: UserAccount, directory: Directory, queues: QueueLookup = NO_QUEUES): NodeAccess {
  if (node === null) return 'item-not-found';
  switch (node.kind) {
    case 'user':
    case 'userDialogs':
      if (!directory.findUserByLoginId(node.loginId)) return 'item-not-found';
      return node.loginId === account.loginId ? 'automatic' : 'forbidden';
    case 'systemInfo':
      return 'automatic';
    case 'teamUsers':
      if (!directory.findTeam(node.teamId)) return 'item-not-found';
      return hasRole(account, 'Administrator') || account.supervisedTeamIds.includes(node.teamId) ? 'explicit' : 'forbidden';
    case 'queue': {
      const queue = queues.findQueue(node.queueId);
      if (!queue) return 'item-not-found';
      return mayWatchQueue(queue, account, directory) ? 'explicit' : 'forbidden';
    }
  }
}

/** Members of the queue, supervisors of a team that serves it or of an individual member, and administrators. */
function mayWatchQueue(queue: Queue, account: UserAccount, directory: Directory): boolean {
  if (hasRole(account, 'Administrator') || isQueueMember(queue, account)) return true;
  if (account.supervisedTeamIds.some((t) => queue.teamIds.includes(t))) return true;
  return queue.agentIds.some((id) => {
    const teamId = directory.findUserByLoginId(id)?.teamId;
    return teamId != null && account.supervisedTeamIds.includes(teamId);
  });
}

/** Nodes that exist and that `account` may see in service discovery. */
export function visibleNodes(account: UserAccount, directory: Directory, queues: QueueLookup = NO_QUEUES): string[] {
  const nodes = [`${API}/User/${account.loginId}`, `${API}/User/${account.loginId}/Dialogs`, `${API}/SystemInfo`];
  const teams = hasRole(account, 'Administrator') ? directory.allTeams().map((t) => t.id) : account.supervisedTeamIds;
  for (const teamId of teams) nodes.push(`${API}/Team/${teamId}/Users`);
  for (const queue of queues.queues()) if (mayWatchQueue(queue, account, directory)) nodes.push(`${API}/Queue/${queue.id}`);
  return nodes;
}
