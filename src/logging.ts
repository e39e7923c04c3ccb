import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** One JSON line per event on stdout (or the given destination). */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'openfinesse' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ sync: true }),
  );
}
