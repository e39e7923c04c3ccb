import { createCredentials, verifyPassword } from '../accounts/credentials.js';
import type { Credentials } from '../accounts/credentials.js';
import type { Store, StoreWrite } from '../application/ports/store.js';
import type { Queue } from '../domain/queue.js';
import type { ProvisioningPlan } from './plan.js';

export interface ProvisioningResult {
  teams: number;
  users: number;
  reasonCodes: number;
  wrapUpReasons: number;
  queues: number;
  passwordsChanged: number;
}

/**
 * Writes a plan into the store, in one transaction. Idempotent: applying the same plan twice changes
 * nothing; a password is re-hashed only when the stored credentials do not already match it.
 */
export async function applyPlan(
  store: Pick<Store, 'commit'>,
  plan: ProvisioningPlan,
  existingCredentials: (loginId: string) => Credentials | undefined,
): Promise<ProvisioningResult> {
  let passwordsChanged = 0;
  const writes: StoreWrite[] = [];
  for (const t of plan.teams) {
    const settings = { wrapUpOnIncoming: t.wrapUpOnIncoming, wrapUpOnOutgoing: t.wrapUpOnOutgoing, wrapUpTimerSeconds: t.wrapUpTimerSeconds };
    writes.push({ kind: 'team', team: { id: t.id, name: t.name, settings } });
  }
  for (const u of plan.users) {
    const existing = existingCredentials(u.loginId);
    const unchanged = existing !== undefined && verifyPassword(existing, u.password);
    if (!unchanged) passwordsChanged++;
    const account = {
      loginId: u.loginId,
      loginName: u.loginName,
      firstName: u.firstName,
      lastName: u.lastName,
      roles: u.roles,
      teamId: u.team,
      supervisedTeamIds: u.supervises,
    };
    writes.push({ kind: 'user', account, credentials: unchanged ? existing : createCredentials(u.password) });
  }
  for (const r of plan.reasonCodes) {
    writes.push({
      kind: 'reasonCode',
      reasonCode: { id: r.id, category: r.category, code: r.code, label: r.label, forAll: r.forAll, systemCode: false, teamIds: r.teams },
    });
  }
  for (const w of plan.wrapUpReasons) writes.push({ kind: 'wrapUpReason', reason: { id: w.id, label: w.label, forAll: w.forAll, teamIds: w.teams } });
  for (const q of plan.queues) writes.push({ kind: 'queue', queue: queueOf(q) });
  await store.commit(writes);
  return {
    teams: plan.teams.length,
    users: plan.users.length,
    reasonCodes: plan.reasonCodes.length,
    wrapUpReasons: plan.wrapUpReasons.length,
    queues: plan.queues.length,
    passwordsChanged,
  };
}

/** A queue as the store keeps it, from its entry in a plan. */
export function queueOf(q: ProvisioningPlan['queues'][number]): Queue {
  return {
    id: q.id,
    name: q.name,
    dialedNumbers: q.dialedNumbers,
    teamIds: q.teams,
    agentIds: q.agents,
    ringNoAnswerSeconds: q.ringNoAnswerSeconds,
    maxQueueTimeSeconds: q.maxQueueTimeSeconds,
  };
}
