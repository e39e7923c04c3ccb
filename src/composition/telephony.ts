import type { Lifecycle } from '../lifecycle.js';
import { startDialogNotifier } from '../notify/dialog-notifier.js';
import { startQueueNotifier } from '../notify/queue-notifier.js';
import { ReservedCallIds } from '../telephony/call-ids.js';
import type { TelephonyStore } from '../telephony/simulator.js';
import { TelephonySimulator } from '../telephony/simulator.js';
import { TrafficGenerator } from '../telephony/traffic-generator.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/**
 * Call ids reserved from the store's sequence at a time; the next block is reserved when half of one is
 * left, so ids are handed out without waiting. What a stopped process had not used is never used.
 */
const CALL_ID_BLOCK = 10_000;

export interface StartedTelephony {
  telephony: TelephonySimulator;
  traffic: TrafficGenerator;
}

/**
 * The built-in phone system, its traffic generator, and the Dialogs and Queue notifications it causes. The
 * live calls of the last run are read before it starts and restored once its notifiers listen.
 */
export async function startTelephony(life: Lifecycle, core: Core, xmpp: XmppServer): Promise<StartedTelephony> {
  const { directory, agents, bus, clock, store, queues, policy, config, commits, logger } = core;
  const saved = await life.start('live calls', () => store.loadLiveCalls());
  const ids = await life.start('call ids', () =>
    ReservedCallIds.start(
      (count) => store.reserveIds('call', count),
      CALL_ID_BLOCK,
      (error) => logger.error({ event: 'telephony.call_ids_failed', err: error }, 'the next block of call ids could not be reserved'),
    ),
  );
  const writes: TelephonyStore = {
    saveCallRecord: (record) => commits.write({ kind: 'callRecord', record }),
    saveLiveCall: (call) => commits.write({ kind: 'liveCall', call }),
    liveCallEnded: (id) => commits.write({ kind: 'liveCallEnded', id }),
  };
  const started = await life.start(
    'telephony',
    () => {
      const simulator = new TelephonySimulator(directory, agents, bus, clock, writes, queues, policy, config.telephony, ids);
      const generator = new TrafficGenerator(simulator, clock);
      const publish = (node: string, update: string): void => commits.afterCommit(() => void xmpp.pubsub.publish(node, update));
      // In a cluster an agent's desktop may be on another node: his dialog notifications go there too.
      const publishEverywhere = (node: string, update: string): void => {
        publish(node, update);
        core.changes?.outbox.record({ publications: [{ node, update }] }, clock.now());
      };
      const stopDialogNotifier = startDialogNotifier(bus, publishEverywhere);
      const statistics = { findQueue: (id: string) => queues.find(id), queueStatistics: (id: string) => simulator.queueStatistics(id) };
      const stopQueueNotifier = startQueueNotifier(bus, clock, statistics, publish);
      const stop = (): void => {
        generator.stop();
        stopQueueNotifier();
        stopDialogNotifier();
        simulator.close();
      };
      let restored: ReturnType<TelephonySimulator['restore']>;
      try {
        restored = simulator.restore(saved);
      } catch (error) {
        stop();
        throw error;
      }
      if (restored.calls.length > 0) logger.info({ event: 'telephony.restored', calls: restored.calls.length }, 'live calls restored');
      for (const { id, reason } of restored.dropped) logger.warn({ event: 'telephony.restore_dropped', callId: id, reason }, 'a saved live call was dropped');
      return { telephony: simulator, traffic: generator, stop };
    },
    (t) => t.stop(),
  );
  return { telephony: started.telephony, traffic: started.traffic };
}
