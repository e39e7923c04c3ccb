import { stringify } from 'yaml';
import type { Site } from './site.js';

export interface ExportOptions {
  /** Write each user's stored SCRAM records (`passwordHashes`), so that an import keeps the passwords. */
  withPasswordHashes: boolean;
}

/**
 * The site as a provisioning file (the format `--config` and `openfinesse import` read), every field
 * written out and every list in id order, so that exporting the same site twice gives the same text.
 */
export function exportSite(site: Site, options: ExportOptions): string {
  const contactsOf = new Map<string, Site['contacts']>();
  for (const c of site.contacts) contactsOf.set(c.phoneBookId, [...(contactsOf.get(c.phoneBookId) ?? []), c]);
  const document = {
    settings: site.requireReasonCodes === null ? {} : { requireReasonCodes: site.requireReasonCodes },
    teams: site.teams.map((t) => ({ id: t.id, name: t.name, ...t.settings })),
    users: site.users.map(({ account: a, credentials, disabled }) => ({
      loginId: a.loginId,
      loginName: a.loginName,
      firstName: a.firstName,
      lastName: a.lastName,
      roles: [...a.roles],
      team: a.teamId,
      supervises: [...a.supervisedTeamIds],
      disabled,
      ...(options.withPasswordHashes ? { passwordHashes: credentials } : {}),
    })),
    reasonCodes: site.reasonCodes.map((r) => ({ id: r.id, category: r.category, code: r.code, label: r.label, forAll: r.forAll, teams: [...r.teamIds] })),
    wrapUpReasons: site.wrapUpReasons.map((w) => ({ id: w.id, label: w.label, forAll: w.forAll, teams: [...w.teamIds] })),
    queues: site.queues.map((q) => ({
      id: q.id,
      name: q.name,
      dialedNumbers: [...q.dialedNumbers],
      teams: [...q.teamIds],
      agents: [...q.agentIds],
      ringNoAnswerSeconds: q.ringNoAnswerSeconds,
      maxQueueTimeSeconds: q.maxQueueTimeSeconds,
    })),
    phoneBooks: site.phoneBooks.map((b) => ({
      id: b.id,
      name: b.name,
      type: b.type,
      teams: [...b.teamIds],
      contacts: (contactsOf.get(b.id) ?? []).map((c) => ({
        id: c.id,
        firstName: c.firstName,
        lastName: c.lastName,
        phoneNumber: c.phoneNumber,
        description: c.description,
      })),
    })),
  };
  const header = `# openfinesse site: ${options.withPasswordHashes ? 'with password hashes (keep this file secret)' : 'without passwords (a new user needs one before this file imports elsewhere)'}\n`;
  return header + stringify(document, { lineWidth: 0 });
}
