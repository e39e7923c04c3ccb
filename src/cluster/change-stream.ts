import type { JetStreamManager } from '@nats-io/jetstream';
import { DiscardPolicy, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** The JetStream stream every node's committed changes go through, and its one subject. */
export const CHANGE_STREAM = 'OPENFINESSE_CHANGES';
export const CHANGE_SUBJECT = 'openfinesse.changes';
/** The header naming the node that committed a change (node ids are host names: dots, so not a subject token). */
export const ORIGIN_HEADER = 'Openfinesse-Origin';

/**
 * A node that starts loads the state from the database and then needs only the changes since; an hour
 * of them covers any start. A relay that publishes a row twice (it died before deleting it, or a sweep
 * took over) is deduplicated by the row id within the window.
 */
const MAX_AGE_MS = 60 * 60 * 1000;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Creates the stream, or brings its settings up to these (every node does it at start; it is idempotent). */
export async function ensureChangeStream(jsm: JetStreamManager): Promise<void> {
  const settings = {
    subjects: [CHANGE_SUBJECT],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(MAX_AGE_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    await jsm.streams.info(CHANGE_STREAM);
  } catch {
    try {
      await jsm.streams.add({ name: CHANGE_STREAM, ...settings });
      return;
    } catch {
      // Another node created it at the same moment; fall through to bring the settings up to date.
    }
  }
  await jsm.streams.update(CHANGE_STREAM, { subjects: settings.subjects, max_age: settings.max_age, duplicate_window: settings.duplicate_window });
}
