import { errorText } from '../../session/messages';
import type { TeamSummary } from '../api/teams';

/** The names of the teams `ids`, for a table cell ("No team" when none). */
export function teamNames(teams: readonly TeamSummary[], ids: readonly string[]): string {
  if (ids.length === 0) return 'No team';
  return ids.map((id) => teams.find((t) => t.id === id)?.name ?? id).join(', ');
}

/** The team assignment after a save: its failure is the form's (the item itself is saved). */
export async function assignTeams(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw new Error(`Saved, but assigning the teams failed: ${errorText(error)}`);
  }
}
