import type { UserSnapshot } from '../domain/events.js';
import type { Team, UserAccount } from '../domain/model.js';
import { type UpdateEvent, updateXml } from '../finesse/update-xml.js';
import { userUri } from '../finesse/uris.js';
import { type UserDocumentParts, userDocumentParts, userSummaryHead, userSummaryXmlFromHead, userXmlFromParts } from '../finesse/user-xml.js';
import { ESCAPED_MARKUP } from '../finesse/xml-escape.js';

/** The fixed parts of one user's two notification documents, and what they were written from. */
interface Template {
  team: Team | null;
  supervisedTeams: readonly Team[];
  full: UserDocumentParts;
  summaryHead: string;
  source: string;
}

const sameTeams = (a: readonly Team[], b: readonly Team[]): boolean => a.length === b.length && a.every((team, i) => team === b[i]);

/**
 * The User and Team/Users `<Update>` documents of a state change, in the escaped form a notification
 * carries, from fixed parts written once per user: a change writes its state, times, reason code and
 * extension and nothing else. Accounts and teams are immutable values the directory replaces when they
 * change, so a template is kept for as long as its account object is the user's and its team objects
 * are the user's teams.
 */
export class UserUpdateTemplates {
  private readonly templates = new WeakMap<UserAccount, Template>();

  /** The escaped `<Update>` of the User node. */
  user(user: UserSnapshot, requestId: string, event: UpdateEvent = 'PUT'): string {
    const template = this.templateOf(user);
    return updateXml(userXmlFromParts(template.full, user, ESCAPED_MARKUP), event, requestId, template.source, ESCAPED_MARKUP);
  }

  /** The escaped `<Update>` of a Team/Users node (the summary User). */
  teamMember(user: UserSnapshot, requestId: string, event: UpdateEvent = 'PUT'): string {
    const template = this.templateOf(user);
    return updateXml(userSummaryXmlFromHead(template.summaryHead, user, 'user', ESCAPED_MARKUP), event, requestId, template.source, ESCAPED_MARKUP);
  }

  private templateOf(user: UserSnapshot): Template {
    const known = this.templates.get(user.account);
    if (known && known.team === user.team && sameTeams(known.supervisedTeams, user.supervisedTeams)) return known;
    const template: Template = {
      team: user.team,
      supervisedTeams: user.supervisedTeams,
      full: userDocumentParts(user, 'user', ESCAPED_MARKUP),
      summaryHead: userSummaryHead(user.account, 'user', ESCAPED_MARKUP),
      source: userUri(user.account.loginId),
    };
    this.templates.set(user.account, template);
    return template;
  }
}
