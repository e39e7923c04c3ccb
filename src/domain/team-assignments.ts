import { DomainError } from './errors.js';

/** An item a team can be given: global items apply to every team; the others only where assigned. */
export interface Assignable {
  id: string;
  forAll: boolean;
  teamIds: readonly string[];
}

/**
 * A team assignment PUT (admin reference §9): the team gets exactly the items `ids` names among
 * `candidates` (the team items of one kind and, for reason codes, one category) — the items newly named
 * gain the team, those no longer named lose it. Every id must name a candidate: an unknown id, a global
 * item or one of another category is refused (400 Finesse API Error) and nothing changes. Returns the
 * items whose assignments change, as they will be stored.
 */
export function assignToTeam<T extends Assignable>(candidates: readonly T[], teamId: string, ids: readonly string[], describe: (id: string) => string): T[] {
  const named = new Set(ids);
  for (const id of named) {
    const item = candidates.find((c) => c.id === id);
    if (!item) throw new DomainError('ConfigurationRefused', `${describe(id)} does not exist or cannot be assigned to this team`, id);
    if (item.forAll) throw new DomainError('ConfigurationRefused', `${describe(id)} is global (forAll): it applies to every team already`, id);
  }
  const changed: T[] = [];
  for (const item of candidates) {
    if (item.forAll) continue;
    const has = item.teamIds.includes(teamId);
    if (named.has(item.id) && !has) changed.push({ ...item, teamIds: [...item.teamIds, teamId].sort() });
    else if (!named.has(item.id) && has) changed.push({ ...item, teamIds: item.teamIds.filter((t) => t !== teamId) });
  }
  return changed;
}

/** The team items assigned to `teamId` (what `GET /Team/{id}/…` lists). */
export function assignedTo<T extends Assignable>(items: readonly T[], teamId: string): T[] {
  return items.filter((item) => !item.forAll && item.teamIds.includes(teamId));
}
