import type { JetStreamClient } from '@nats-io/jetstream';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { ReplicatedChange } from '../application/ports/replication.js';
import { CHANGE_STREAM, CHANGE_SUBJECT, ORIGIN_HEADER } from './change-stream.js';

export interface ChangeConsumer {
  /** Changes of other nodes received so far. */
  readonly received: number;
  /** Messages in the stream this node has not read yet, as of the last one it read (the stream lag). */
  readonly lag: number;
  close(): Promise<void>;
}

/**
 * Reads the change stream in order from `since` (a moment before this node loaded its state, so nothing
 * committed after the load is missed; what is seen twice is harmless) and hands every change another
 * node committed to `apply`. An ordered consumer: JetStream recreates it where it left off when the
 * connection comes back.
 */
export async function consumeChanges(
  js: JetStreamClient,
  origin: string,
  since: Date,
  apply: (change: ReplicatedChange, from: string) => void,
  onError: (error: unknown) => void,
): Promise<ChangeConsumer> {
  const consumer = await js.consumers.get(CHANGE_STREAM, {
    filter_subjects: CHANGE_SUBJECT,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since.toISOString(),
  });
  const messages = await consumer.consume();
  const state = { received: 0, lag: 0 };
  const reading = (async () => {
    for await (const message of messages) {
      state.lag = message.info.pending;
      const from = message.headers?.get(ORIGIN_HEADER) ?? '';
      if (from === origin) continue;
      state.received++;
      try {
        apply(decodeChange(message.string()), from);
      } catch (error) {
        onError(error);
      }
    }
  })();
  return {
    get received() {
      return state.received;
    },
    get lag() {
      return state.lag;
    },
    async close() {
      await messages.close();
      await reading;
    },
  };
}

/** The change a relay published (JSON written by this code on another node; its shape is checked anyway). */
export function decodeChange(text: string): ReplicatedChange {
  const value = JSON.parse(text) as ReplicatedChange;
  if (!Array.isArray(value?.publications) || !value.publications.every((p) => typeof p?.node === 'string' && typeof p?.update === 'string')) {
    throw new Error('a change without its publications');
  }
  if (
    value.agent !== undefined &&
    (typeof value.agent.loginId !== 'string' ||
      !Number.isInteger(value.agent.version) ||
      typeof value.agent.status !== 'object' ||
      (value.agent.requestId !== undefined && typeof value.agent.requestId !== 'string'))
  ) {
    throw new Error('a change with a malformed agent status');
  }
  return value;
}
