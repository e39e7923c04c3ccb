import type { CommitQueue } from '../application/commit-queue.js';
import { WriteRefused } from '../application/ports/store.js';
import { DomainError } from '../domain/errors.js';

/** Runs commands as units of work (the commit queue). */
export type CommandRunner = Pick<CommitQueue, 'run'>;

/**
 * Runs `command` and waits until what it changed is durable. When the database refuses the change
 * (another process took the extension, or changed the agent first), `repair` puts the persisted truth
 * back and the request fails as the same refusal made in memory would have.
 */
export async function runDurably<T>(commands: CommandRunner, command: () => T, repair: () => Promise<void>, data = ''): Promise<T> {
  const { result, committed } = commands.run(command);
  try {
    await committed;
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    await repair();
    if (error.reason === 'extension-in-use') throw new DomainError('BadRequest', 'Extension is in use by another agent', data);
    throw new DomainError('InvalidState', 'The agent was changed by someone else at the same time; read it and try again', data);
  }
  return result;
}
