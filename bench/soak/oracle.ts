import { basic, HttpLane, rawRequest, type HttpOutcome } from '../support/raw-http.js';
import { CHECK_USERS, PASSWORD } from './accounts.js';
import { sleep } from './context.js';
import type { Figures } from './figures.js';
import type { Kind } from './options.js';

/**
 * What each check user looks like (GET /User as the administrator) after the last accepted request, and
 * a lock per user so that requests for one user never overlap and every answer is attributed exactly.
 */
export class Oracle {
  private readonly snapshots = new Map<string, string>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly readers = new Map<string, HttpLane>();
  private refusedSeen = 0;

  constructor(
    port: number,
    private readonly figures: Figures,
    private readonly checkEvery: number,
  ) {
    for (const [i, user] of CHECK_USERS.entries()) this.readers.set(user, new HttpLane(port, 900 + i));
  }

  /** Runs `fn` when every earlier call for `user` has finished. */
  locked<T>(user: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(user) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    this.locks.set(
      user,
      next.catch(() => undefined),
    );
    return next;
  }

  async read(user: string): Promise<string | null> {
    const outcome = await this.readers.get(user)!.send(
      rawRequest('GET', `/finesse/api/User/${user}`, [
        ['Host', 'localhost'],
        ['Authorization', basic('admin', PASSWORD)],
      ]),
    );
    if (outcome.kind !== 'response' || outcome.status !== 200) {
      this.figures.oracleErrors++;
      process.stderr.write(
        `\nsoak: reading ${user} back failed: ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8').slice(0, 300)}` : outcome.kind}\n`,
      );
      return null;
    }
    return outcome.body.toString('utf8');
  }

  async remember(user: string): Promise<void> {
    const snapshot = await this.read(user);
    if (snapshot !== null) this.snapshots.set(user, snapshot);
  }

  /** Sends a request that may change `user` and checks what it did. */
  put(user: string, kind: Kind, input: string, send: () => Promise<HttpOutcome>): Promise<HttpOutcome> {
    return this.locked(user, async () => {
      const outcome = await send();
      this.figures.outcome(kind, outcome, input);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        this.figures.acceptedChanges++;
        await this.remember(user);
        return outcome;
      }
      if (outcome.kind === 'timeout') {
        // Unknown whether the server acted on it: take what the user looks like now as the new truth.
        await sleep(200);
        const now = await this.read(user);
        if (now !== null && now !== this.snapshots.get(user)) this.figures.indeterminate++;
        if (now !== null) this.snapshots.set(user, now);
        return outcome;
      }
      if (++this.refusedSeen % this.checkEvery !== 0) return outcome;
      this.figures.refusedChecked++;
      const before = this.snapshots.get(user);
      const now = await this.read(user);
      if (now !== null && now !== before) {
        this.figures.refusedButChanged++;
        this.figures.example({
          what: 'refused request changed state',
          kind,
          input,
          detail: `answer: ${outcome.kind === 'response' ? `${outcome.status} ${outcome.body.toString('utf8').slice(0, 300)}` : outcome.kind}\nbefore: ${before}\nafter:  ${now}`,
        });
        this.snapshots.set(user, now);
      }
      return outcome;
    });
  }

  /** Re-reads every check user under its lock; a difference no locked request explains is counted. */
  async audit(): Promise<void> {
    await Promise.all(
      CHECK_USERS.map((user) =>
        this.locked(user, async () => {
          const now = await this.read(user);
          if (now === null) return;
          const before = this.snapshots.get(user);
          if (before !== undefined && now !== before) {
            this.figures.unattributedChanges++;
            this.figures.example({
              what: 'state changed outside any locked request',
              kind: 'rest-body',
              input: user,
              detail: `before: ${before}\nafter:  ${now}`,
            });
          }
          this.snapshots.set(user, now);
        }),
      ),
    );
  }

  close(): void {
    for (const reader of this.readers.values()) reader.close();
  }
}
