import type { Leadership } from '../application/ports/leadership.js';
import type { StoredLiveCall } from '../application/ports/store.js';
import type { Lifecycle } from '../lifecycle.js';
import { startDialogNotifier } from '../notify/dialog-notifier.js';
import { startQueueNotifier } from '../notify/queue-notifier.js';
import type { CallIdSource } from '../telephony/call-ids.js';
import { ReservedCallIds } from '../telephony/call-ids.js';
import type { TelephonyStore } from '../telephony/simulator.js';
import { TelephonySimulator } from '../telephony/simulator.js';
import { TrafficGenerator } from '../telephony/traffic-generator.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';
import { TelephonyHost } from './telephony-host.js';
import type { RunningPhoneSystem } from './telephony-host.js';

export { TelephonyHost } from './telephony-host.js';

/**
 * Call ids reserved from the store's sequence at a time; the next block is reserved when half of one is
 * left, so ids are handed out without waiting. What a stopped process had not used is never used.
 */
const CALL_ID_BLOCK = 10_000;

export interface StartedTelephony {
  telephony: TelephonyHost;
}

/**
 * The built-in phone system, its traffic generator, and the Dialogs and Queue notifications it causes.
 * Alone, it starts with the server. In a cluster it runs on the leader only: a node that becomes the
 * leader starts it from the live calls in the store (ringing calls ring on, timers fire at their saved
 * deadlines), and one that stops leading drops it without ending anything.
 */
export async function startTelephony(life: Lifecycle, core: Core, xmpp: XmppServer, leadership: Leadership): Promise<StartedTelephony> {
  const host = new TelephonyHost();
  if (!core.cluster) {
    const saved = await life.start('live calls', () => core.store.loadLiveCalls());
    const ids = await life.start('call ids', () => reserveCallIds(core));
    host.current = await life.start(
      'telephony',
      () => runPhoneSystem(core, xmpp, saved, ids),
      () => host.close(),
    );
    return { telephony: host };
  }
  let closed = false;
  let transitions = Promise.resolve();
  const follow = (leads: boolean): void => {
    transitions = transitions.then(async () => {
      if (closed || leads === host.serves()) return;
      if (!leads) {
        host.close();
        return;
      }
      try {
        const saved = await core.store.loadLiveCalls();
        host.current = runPhoneSystem(core, xmpp, saved, await reserveCallIds(core));
        core.logger.info({ event: 'telephony.leading', calls: saved.length }, 'this node runs the phone system');
      } catch (err) {
        core.logger.error({ event: 'telephony.start_failed', err }, 'the phone system could not be started on this node');
      }
    });
  };
  await life.start(
    'telephony',
    () => {
      leadership.onChange(follow);
      follow(leadership.leads);
      return transitions;
    },
    async () => {
      closed = true;
      await transitions;
      host.close();
    },
  );
  return { telephony: host };
}

function reserveCallIds(core: Core): Promise<ReservedCallIds> {
  return ReservedCallIds.start(
    (count) => core.store.reserveIds('call', count),
    CALL_ID_BLOCK,
    (error) => core.logger.error({ event: 'telephony.call_ids_failed', err: error }, 'the next block of call ids could not be reserved'),
  );
}

function runPhoneSystem(core: Core, xmpp: XmppServer, saved: readonly StoredLiveCall[], ids: CallIdSource): RunningPhoneSystem {
  const { directory, agents, bus, clock, queues, policy, config, commits, logger } = core;
  const writes: TelephonyStore = {
    saveCallRecord: (record) => commits.write({ kind: 'callRecord', record }),
    saveLiveCall: (call) => commits.write({ kind: 'liveCall', call }),
    liveCallEnded: (id) => commits.write({ kind: 'liveCallEnded', id }),
  };
  const simulator = new TelephonySimulator(directory, agents, bus, clock, writes, queues, policy, config.telephony, ids);
  const generator = new TrafficGenerator(simulator, clock);
  const publish = (node: string, update: string): void => commits.afterCommit(() => void xmpp.pubsub.publish(node, update));
  // In a cluster a desktop may be on any node: the phone system's notifications go to every node.
  const publishEverywhere = (node: string, update: string): void => {
    publish(node, update);
    core.changes?.outbox.record({ publications: [{ node, update }] }, clock.now());
  };
  const stopDialogNotifier = startDialogNotifier(bus, publishEverywhere);
  const statistics = { findQueue: (id: string) => queues.find(id), queueStatistics: (id: string) => simulator.queueStatistics(id) };
  const stopQueueNotifier = startQueueNotifier(bus, clock, statistics, publishEverywhere);
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
  return { simulator, generator, stop };
}
