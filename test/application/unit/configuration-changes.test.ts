import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigurationChange, ConfigurationChangesDeps } from '../../../src/application/configuration-changes.js';
import { ConfigurationChanges } from '../../../src/application/configuration-changes.js';
import { WriteRefused } from '../../../src/application/ports/store.js';
import { DomainError } from '../../../src/domain/errors.js';

/** A unit of work whose store refuses the first commit (as a unique index does when another node got there first). */
function refusingOnce(): { changes: ConfigurationChanges; reloads: () => number } {
  let reloads = 0;
  let commits = 0;
  const deps: ConfigurationChangesDeps = {
    commits: {
      run: (command) => ({
        result: command(),
        committed:
          commits++ === 0
            ? Promise.reject(new WriteRefused(0, 'constraint', 'UNIQUE constraint failed: reason_codes.category, reason_codes.code'))
            : Promise.resolve(),
      }),
      write: () => undefined,
      afterCommit: () => undefined,
    },
    cache: {
      reload: async () => {
        reloads++;
        return { users: [], added: [], removed: [] };
      },
    },
    statuses: { takeOver: () => undefined },
    outbox: null,
    clock: { now: () => 0, setTimer: () => ({ cancel: () => undefined }) },
  };
  return { changes: new ConfigurationChanges(deps), reloads: () => reloads };
}

const change: ConfigurationChange<string> = { writes: [], audit: [], apply: () => undefined, result: 'done' };

describe('ConfigurationChanges: a change the database refuses', () => {
  test('is decided again on the configuration as committed now, and refused by the rule it breaks', async () => {
    const { changes, reloads } = refusingOnce();
    let decisions = 0;
    const decide = () => {
      decisions++;
      if (decisions > 1) throw new DomainError('ConfigurationRefused', 'A NOT_READY reason code with the code 10 already exists', '10');
      return change;
    };
    await assert.rejects(changes.make('admin', decide), { message: 'A NOT_READY reason code with the code 10 already exists' });
    assert.equal(decisions, 2);
    assert.equal(reloads(), 2);
  });

  test('decided the same way again, is refused naming what the database said', async () => {
    const { changes } = refusingOnce();
    await assert.rejects(
      changes.make('admin', () => change),
      (e: unknown) => e instanceof DomainError && /^The database refused the change: UNIQUE/.test(e.message),
    );
    assert.equal(await changes.make('admin', () => change), 'done');
  });
});
