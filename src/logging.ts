import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event on stdout (or the given destination). Writes are asynchronous: lines logged
 * while a write is in flight leave together in the next one, so a busy server makes few write calls;
 * pino flushes what is pending when the process exits.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'openfinesse' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ sync: false, minLength: 0 }),
  );
}
