import { createCredentials, verifyPassword } from '../accounts/credentials.js';
import type { Credentials } from '../accounts/credentials.js';
import type { Store } from '../store/store.js';
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
export function applyPlan(store: Store, plan: ProvisioningPlan, existingCredentials: (loginId: string) => Credentials | undefined): ProvisioningResult {
  let passwordsChanged = 0;
  const hashed = plan.users.map((u) => {
    const existing = existingCredentials(u.loginId);
    if (existing && verifyPassword(existing, u.password)) return existing;
    passwordsChanged++;
    return createCredentials(u.password);
  });
  store.transaction(() => {
    for (const t of plan.teams) {
      store.saveTeam({
        id: t.id,
        name: t.name,
        settings: { wrapUpOnIncoming: t.wrapUpOnIncoming, wrapUpOnOutgoing: t.wrapUpOnOutgoing, wrapUpTimerSeconds: t.wrapUpTimerSeconds },
      });
    }
    plan.users.forEach((u, i) => {
      store.saveUser(
        {
          loginId: u.loginId,
          loginName: u.loginName,
          firstName: u.firstName,
          lastName: u.lastName,
          roles: u.roles,
          teamId: u.team,
          supervisedTeamIds: u.supervises,
        },
        hashed[i]!,
      );
    });
    for (const r of plan.reasonCodes) {
      store.saveReasonCode({ id: r.id, category: r.category, code: r.code, label: r.label, forAll: r.forAll, systemCode: false, teamIds: r.teams });
    }
    for (const w of plan.wrapUpReasons) store.saveWrapUpReason({ id: w.id, label: w.label, forAll: w.forAll, teamIds: w.teams });
    for (const q of plan.queues) store.saveQueue(queueOf(q));
  });
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
