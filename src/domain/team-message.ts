import { DomainError } from './errors.js';

/**
 * A team message (admin reference §13): a short text a supervisor or an administrator shows to the agents
 * of some teams for a while. Its id is a UUID; it is active from `createdAt` until `createdAt + duration`.
 */
export interface TeamMessage {
  id: string;
  /** The loginId of the supervisor or administrator who created it. */
  createdBy: string;
  /** Epoch milliseconds (Finesse shows epoch seconds). */
  createdAt: number;
  /** Seconds it is shown. */
  durationSeconds: number;
  content: string;
  teamIds: readonly string[];
}

/** What a create asks for; the rules check it. */
export interface TeamMessageDraft {
  durationSeconds: number;
  content: string;
  teamIds: readonly string[];
}

/** Characters (code points) of the content. */
export const TEAM_MESSAGE_CONTENT_MAX_CHARACTERS = 255;
/** Seconds a message may be shown: one second to one day (the reference gives no range). */
export const TEAM_MESSAGE_DURATION_SECONDS = { min: 1, max: 86_400 } as const;
/** Active messages a team may have at once (the reference's limit exists; its figure is not documented). */
export const TEAM_MESSAGES_ACTIVE_PER_TEAM = 50;

/** When the message stops being shown (epoch milliseconds). */
export const expiresAt = (message: TeamMessage): number => message.createdAt + message.durationSeconds * 1000;

export const isActive = (message: TeamMessage, now: number): boolean => expiresAt(message) > now;

/** The draft's own rules: content 1–255 characters, duration in range, at least one team (duplicates folded). */
export function checkedDraft(draft: TeamMessageDraft): TeamMessageDraft {
  if (draft.content.trim() === '') throw new DomainError('BadRequest', 'content is required', 'content');
  if ([...draft.content].length > TEAM_MESSAGE_CONTENT_MAX_CHARACTERS) {
    throw new DomainError('BadRequest', `The content must be at most ${TEAM_MESSAGE_CONTENT_MAX_CHARACTERS} characters`, 'content');
  }
  const { min, max } = TEAM_MESSAGE_DURATION_SECONDS;
  if (!Number.isInteger(draft.durationSeconds) || draft.durationSeconds < min || draft.durationSeconds > max) {
    throw new DomainError('BadRequest', `The duration must be a whole number of seconds from ${min} to ${max}`, String(draft.durationSeconds));
  }
  const teamIds = [...new Set(draft.teamIds)];
  if (teamIds.length === 0) throw new DomainError('BadRequest', 'At least one team is required', 'teams');
  return { ...draft, teamIds };
}

/** Refuses a message that would give one of its teams more active messages than allowed. */
export function checkActiveLimit(active: readonly TeamMessage[], teamIds: readonly string[]): void {
  for (const teamId of teamIds) {
    if (active.filter((m) => m.teamIds.includes(teamId)).length >= TEAM_MESSAGES_ACTIVE_PER_TEAM) {
      throw new DomainError('ResourceLimitExceeded', 'MAX_ACTIVE_MESSAGE_LIMIT_EXCEEDED', 'teammessage.max.limit.exceeded');
    }
  }
}
