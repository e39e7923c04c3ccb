import type { AccessPolicy } from '../application/access-policy.js';
import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { Directory } from '../domain/directory.js';
import { API, teamMessagesUri } from '../finesse/uris.js';
import type { NodeAccess, NodePolicy } from '../xmpp/pubsub/ports.js';

export type FinesseNode =
  | { kind: 'user'; loginId: string }
  | { kind: 'userDialogs'; loginId: string }
  | { kind: 'teamUsers'; teamId: string }
  | { kind: 'teamMessages'; teamId: string }
  | { kind: 'queue'; queueId: string }
  | { kind: 'systemInfo' };

const SEGMENT = '([^/]+)';
const USER = new RegExp(`^${API}/User/${SEGMENT}$`);
const USER_DIALOGS = new RegExp(`^${API}/User/${SEGMENT}/Dialogs$`);
const TEAM_USERS = new RegExp(`^${API}/Team/${SEGMENT}/Users$`);
const TEAM_MESSAGES = new RegExp(`^${API}/Team/${SEGMENT}/TeamMessages$`);
const QUEUE = new RegExp(`^${API}/Queue/${SEGMENT}$`);
const SYSTEM_INFO = `${API}/SystemInfo`;
const NOBODY: readonly string[] = [];

/** Which Finesse node a name denotes; node names are case-sensitive, like the loginIds in them. */
export function parseNode(name: string): FinesseNode | null {
  let m: RegExpExecArray | null;
  if ((m = USER.exec(name))) return { kind: 'user', loginId: m[1]! };
  if ((m = USER_DIALOGS.exec(name))) return { kind: 'userDialogs', loginId: m[1]! };
  if ((m = TEAM_USERS.exec(name))) return { kind: 'teamUsers', teamId: m[1]! };
  if ((m = TEAM_MESSAGES.exec(name))) return { kind: 'teamMessages', teamId: m[1]! };
  if ((m = QUEUE.exec(name))) return { kind: 'queue', queueId: m[1]! };
  if (name === SYSTEM_INFO) return { kind: 'systemInfo' };
  return null;
}

/**
 * The Finesse node rules (reference §9.2), answered by the access policy that REST asks too. A user is
 * subscribed to his own User and Dialogs nodes, to SystemInfo and to the TeamMessages node of his team
 * and of the teams he supervises without asking; Team, Queue and other
 * users' nodes need an explicit subscription by someone allowed to see them. Only administrators learn
 * `item-not-found` for an id that does not exist; everyone else gets `forbidden` for any node they may
 * not see.
 */
export class FinesseNodePolicy implements NodePolicy {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly directory: Directory,
    private readonly queues: QueueCatalogue,
  ) {}

  access(nodeName: string, account: { loginId: string }): NodeAccess {
    const node = parseNode(nodeName);
    if (node === null) return 'item-not-found';
    if (node.kind === 'systemInfo') return 'automatic';
    const actor = this.directory.findUserByLoginId(account.loginId);
    if (!actor) return 'forbidden';
    const hidden = this.policy.isAdministrator(actor) ? 'item-not-found' : 'forbidden';
    switch (node.kind) {
      case 'user':
      case 'userDialogs': {
        const target = this.directory.findUserByLoginId(node.loginId);
        if (!target) return hidden;
        if (target.loginId === actor.loginId) return 'automatic';
        return this.policy.mayReadUser(actor, target) ? 'explicit' : 'forbidden';
      }
      case 'teamUsers':
        if (!this.directory.findTeam(node.teamId)) return hidden;
        return this.policy.mayReadTeam(actor, node.teamId) ? 'explicit' : 'forbidden';
      case 'teamMessages':
        if (!this.directory.findTeam(node.teamId)) return hidden;
        if (this.policy.receivesTeamMessages(actor, node.teamId)) return 'automatic';
        return this.policy.mayReadTeamMessages(actor, node.teamId) ? 'explicit' : 'forbidden';
      case 'queue': {
        const queue = this.queues.find(node.queueId);
        if (!queue) return hidden;
        return this.policy.mayWatchQueue(actor, queue) ? 'explicit' : 'forbidden';
      }
    }
  }

  visibleTo(account: { loginId: string }): string[] {
    const nodes = this.automaticFor(account);
    const actor = this.directory.findUserByLoginId(account.loginId);
    if (!actor) return nodes;
    for (const user of this.directory.allUsers()) {
      if (user.loginId !== actor.loginId && this.policy.mayReadUser(actor, user))
        nodes.push(`${API}/User/${user.loginId}`, `${API}/User/${user.loginId}/Dialogs`);
    }
    for (const team of this.directory.allTeams()) {
      if (this.policy.mayReadTeam(actor, team.id)) nodes.push(`${API}/Team/${team.id}/Users`);
      if (!this.policy.receivesTeamMessages(actor, team.id) && this.policy.mayReadTeamMessages(actor, team.id)) nodes.push(teamMessagesUri(team.id));
    }
    for (const queue of this.policy.watchedQueues(actor)) nodes.push(`${API}/Queue/${queue.id}`);
    return nodes;
  }

  automaticFor(account: { loginId: string }): string[] {
    const nodes = [`${API}/User/${account.loginId}`, `${API}/User/${account.loginId}/Dialogs`, SYSTEM_INFO];
    const user = this.directory.findUserByLoginId(account.loginId);
    if (!user) return nodes;
    const teams = new Set([...(user.teamId === null ? [] : [user.teamId]), ...user.supervisedTeamIds]);
    for (const teamId of teams) if (this.directory.findTeam(teamId) && this.policy.receivesTeamMessages(user, teamId)) nodes.push(teamMessagesUri(teamId));
    return nodes;
  }

  /**
   * A user's own nodes go to his bare JID; a team's messages to its members and supervisors; SystemInfo
   * to everyone with an available resource.
   */
  automaticAudience(nodeName: string): readonly string[] | 'all-available' {
    const node = parseNode(nodeName);
    if (node?.kind === 'user' || node?.kind === 'userDialogs') return [node.loginId];
    if (node?.kind === 'teamMessages') {
      const audience = this.directory.allUsers().filter((u) => this.policy.receivesTeamMessages(u, node.teamId));
      return audience.map((u) => u.loginId);
    }
    if (node?.kind === 'systemInfo') return 'all-available';
    return NOBODY;
  }
}
