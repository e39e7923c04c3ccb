// finesse.cslogger.ClientLogger (gadget reference §4.2, §4.6): one formatted line per log() call, published on
// `finesse.clientLogging.<gadgetId>` for the master to forward to the server's ClientLog. Gadgets reach for
// the logger in top-level code, so log() works before init(): lines are kept (up to a cap, oldest dropped
// first) and published in order once init() names the hub and the gadget. A gadget id keeps its spaces;
// dots and `*` become `_` so that the id stays one topic token.
import type { HubClient } from './gadgets-api.js';

const TOPIC_PREFIX = 'finesse.clientLogging.';
/** Lines kept while the logger has no hub yet. */
export const EARLY_LINES_KEPT = 100;

function isHub(value: unknown): value is HubClient {
  return typeof value === 'object' && value !== null && typeof (value as HubClient).publish === 'function';
}

function text(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.stack ?? message.message;
  try {
    return typeof message === 'object' ? JSON.stringify(message) : String(message);
  } catch {
    return String(message);
  }
}

export function createClientLogger() {
  let hub: HubClient | undefined;
  let topic = '';
  let gadgetId = '';
  /** Lines logged before init, with their time; the gadget id is only known at init. */
  let early: { at: Date; text: string }[] = [];

  const format = (at: Date, message: string) => `${at.toISOString()} ${gadgetId}: ${message}`;

  function publish(line: string): void {
    try {
      hub?.publish(topic, line);
    } catch (error) {
      console.error('finesse.js: ClientLogger could not publish', error);
    }
  }

  const logger = {
    /** `init(hub, gadgetId[, config])`; the config is accepted and unused. */
    init(hubClient: unknown, id: unknown, _config?: unknown) {
      if (!isHub(hubClient)) throw new Error('ClientLogger.init: a hub (gadgets.Hub) is required');
      // One topic token: spaces are fine, dots and wildcards are not.
      const name =
        String(id ?? '')
          .trim()
          .replace(/[.*]/g, '_') || 'gadget';
      hub = hubClient;
      gadgetId = name;
      topic = TOPIC_PREFIX + name;
      const waiting = early;
      early = [];
      for (const line of waiting) publish(format(line.at, line.text));
      return logger;
    },
    log(message: unknown) {
      if (hub) return publish(format(new Date(), text(message)));
      early.push({ at: new Date(), text: text(message) });
      if (early.length > EARLY_LINES_KEPT) early.shift();
    },
  };
  return logger;
}
