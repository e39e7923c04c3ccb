import type { CallRecord } from '../domain/call-record.js';
import type { Lifecycle } from '../lifecycle.js';
import { startDialogNotifier } from '../notify/dialog-notifier.js';
import { startQueueNotifier } from '../notify/queue-notifier.js';
import { TelephonySimulator } from '../telephony/simulator.js';
import { TrafficGenerator } from '../telephony/traffic-generator.js';
import type { XmppServer } from '../xmpp/xmpp-server.js';
import type { Core } from './core.js';

/** Call ids this process may hand out, reserved from the store's sequence at start. */
const CALL_ID_BLOCK = 1_000_000;

export interface StartedTelephony {
  telephony: TelephonySimulator;
  traffic: TrafficGenerator;
}

/** The built-in phone system, its traffic generator, and the Dialogs and Queue notifications it causes. */
export async function startTelephony(life: Lifecycle, core: Core, xmpp: XmppServer): Promise<StartedTelephony> {
  const { directory, agents, bus, clock, store, queues, policy, config, commits } = core;
  const firstCallId = await life.start('call ids', () => store.reserveIds('call', CALL_ID_BLOCK));
  const history = { saveCallRecord: (record: CallRecord) => commits.write({ kind: 'callRecord', record }), maxCallId: () => firstCallId - 1 };
  const started = await life.start(
    'telephony',
    () => {
      const simulator = new TelephonySimulator(directory, agents, bus, clock, history, queues, policy, config.telephony);
      const generator = new TrafficGenerator(simulator, clock);
      const publish = (node: string, update: string): void => commits.afterCommit(() => void xmpp.pubsub.publish(node, update));
      const stopDialogNotifier = startDialogNotifier(bus, publish);
      const statistics = { findQueue: (id: string) => queues.find(id), queueStatistics: (id: string) => simulator.queueStatistics(id) };
      const stopQueueNotifier = startQueueNotifier(bus, clock, statistics, publish);
      const stop = (): void => {
        generator.stop();
        stopQueueNotifier();
        stopDialogNotifier();
        simulator.close();
      };
      return { telephony: simulator, traffic: generator, stop };
    },
    (t) => t.stop(),
  );
  return { telephony: started.telephony, traffic: started.traffic };
}
