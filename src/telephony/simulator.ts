import type { AccessPolicy } from '../application/access-policy.js';
import type { AgentService } from '../application/agent-service.js';
import type { StoredLiveCall } from '../application/ports/store.js';
import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { Clock } from '../domain/clock.js';
import type { DialogSnapshot } from '../domain/dialog.js';
import type { Directory } from '../domain/directory.js';
import type { EventBus } from '../domain/events.js';
import type { UserAccount } from '../domain/model.js';
import type { Queue, QueueStatistics } from '../domain/queue.js';
import { Acd } from './acd.js';
import { AgentChanges } from './agent-changes.js';
import { AgentPhones } from './agent-phones.js';
import { AgentSync } from './agent-sync.js';
import type { CallHistoryStore } from './call-history.js';
import type { CallIdSource } from './call-ids.js';
import { countingIds } from './call-ids.js';
import { CallRegistry } from './call-registry.js';
import { CallTimers } from './call-timers.js';
import type { CallView } from './call-view.js';
import { Connections } from './connections.js';
import { DialogPublisher } from './dialog-publisher.js';
import { DialogRequests } from './dialog-requests.js';
import { Dialing } from './dialing.js';
import { ExternalParties } from './external-parties.js';
import { Supervision } from './features/supervision.js';
import { Transfers } from './features/transfer.js';
import type { LiveCallStore, RestoredCalls } from './live-calls.js';
import { LiveCalls } from './live-calls.js';
import type { NumberPlanSettings } from './number-plan.js';
import { QueueMembers } from './queue-members.js';
import { QueueSignals } from './queue-signals.js';
import type { ExternalCallRequest, SimulatedWorld } from './simulated-world.js';
import { OutsideWorld } from './simulated-world.js';
import type { DialogActionRequest, NewDialogRequest, Telephony } from './telephony.js';
import { UnitOfWork } from './unit-of-work.js';
import { WrapUp } from './wrap-up.js';

export type { CallView } from './call-view.js';
export type { LiveCallStore, RestoredCalls } from './live-calls.js';
export type { ExternalCallRequest, SimulatedWorld } from './simulated-world.js';

export type SimulatorSettings = NumberPlanSettings;

/** What the phone system persists: finished calls and live calls. */
export type TelephonyStore = CallHistoryStore & LiveCallStore;

/**
 * The built-in phone system and ACD: extensions of signed-in agents are phones, queues route calls from
 * their dialed numbers to the longest-available member, external numbers answer after a delay. It keeps
 * the dialogs, drives agent states through AgentService and publishes dialog events on the bus. This
 * class only puts the parts together; see the modules it builds.
 */
export class TelephonySimulator implements Telephony, SimulatedWorld {
  private readonly registry: CallRegistry;
  private readonly publisher: DialogPublisher;
  private readonly timers: CallTimers;
  private readonly agentSync: AgentSync;
  private readonly acd: Acd;
  private readonly requests: DialogRequests;
  private readonly world: OutsideWorld;
  private readonly uow: UnitOfWork;
  private readonly liveCalls: LiveCalls;
  private readonly changes: AgentChanges;
  private readonly unwatch: () => void;

  constructor(
    directory: Directory,
    agents: AgentService,
    bus: EventBus,
    clock: Clock,
    store: TelephonyStore,
    queues: QueueCatalogue,
    access: AccessPolicy,
    settings: SimulatorSettings,
    ids: CallIdSource = countingIds(10_000_001),
  ) {
    const registry = (this.registry = new CallRegistry(ids));
    this.publisher = new DialogPublisher(bus, clock, (participant, dialog) => registry.contextOf(participant, dialog));
    const uow = (this.uow = new UnitOfWork(registry, this.publisher, {
      reconcileAgent: (loginId, requestId) => agentSync.reconcile(loginId, requestId),
      reviewCall: (call) => connections.review(call),
      afterSettle: () => agentSync.syncWrapUpData(),
      saveCalls: (calls) => liveCalls.save(calls),
    }));
    const timers = (this.timers = new CallTimers(clock, registry, uow));
    const wrapUp = new WrapUp(clock, directory, registry, uow);
    const liveCalls = (this.liveCalls = new LiveCalls(clock, queues, registry, timers, wrapUp, store));
    const members = new QueueMembers(queues);
    const agentSync = (this.agentSync = new AgentSync(directory, agents, registry, wrapUp, members));
    const signals = new QueueSignals(bus, clock);
    const connections = new Connections(clock, bus, registry, uow, timers, agentSync, wrapUp, signals, store);
    const phones = new AgentPhones(clock, uow, timers, agentSync, wrapUp, connections);
    const external = new ExternalParties(clock, uow, timers, connections, settings);
    const acd = (this.acd = new Acd(clock, queues, registry, uow, timers, agentSync, members, phones, connections, signals));
    const dialing = new Dialing(clock, queues, registry, uow, timers, agentSync, wrapUp, phones, external, acd, connections, settings);
    const transfers = new Transfers(clock, registry, uow, agentSync, wrapUp, connections, dialing, external);
    const supervision = new Supervision(clock, directory, access, registry, uow, agentSync, connections);
    this.requests = new DialogRequests({ registry, uow, agents: agentSync, wrapUp, phones, connections, dialing, transfers, supervision });
    this.world = new OutsideWorld(clock, registry, uow, agentSync, dialing, external, connections);
    const changes = (this.changes = new AgentChanges(queues, registry, uow, agentSync, wrapUp, connections, acd, signals));
    this.unwatch = agentSync.watch(bus, (user, requestId) => changes.changed(user, requestId));
  }

  /**
   * At start, before any request: the live calls saved by the last run come back as they were, timers
   * armed at their deadlines. Then, as one change, they meet the agents' restored states (an agent signed
   * out meanwhile leaves his calls as on sign-out), their queues route again and every restored call is
   * reviewed; "wrap-up data still required" follows the restored calls. Called with nothing, it only does
   * the latter (nothing is owed on calls that are gone).
   */
  restore(stored: readonly StoredLiveCall[]): RestoredCalls {
    const restored = this.liveCalls.restore(stored);
    this.uow.run(() => {
      const agents = new Set<string>();
      const queues = new Set<Queue>();
      for (const call of restored.calls) {
        this.registry.markChanged(call);
        if (call.queue) queues.add(call.queue);
        for (const p of call.dialog.participants) if (p.loginId !== null) agents.add(p.loginId);
      }
      for (const loginId of agents) {
        this.uow.touch(loginId);
        this.changes.restored(loginId);
      }
      for (const queue of queues) this.uow.later(() => this.acd.reroute(queue));
    });
    this.agentSync.resyncWrapUpData();
    return restored;
  }

  // ---- Telephony (Finesse-facing)

  dialogsOf(loginId: string): DialogSnapshot[] {
    return this.registry.dialogsOf(loginId).map((call) => this.publisher.snapshot(call.dialog));
  }

  findDialog(dialogId: string): DialogSnapshot | undefined {
    const call = this.registry.get(dialogId);
    return call ? this.publisher.snapshot(call.dialog) : undefined;
  }

  queueStatistics(queueId: string): QueueStatistics {
    return this.acd.statistics(queueId);
  }

  createDialog(actor: UserAccount, request: NewDialogRequest, requestId: string): void {
    this.requests.create(actor, request, requestId);
  }

  actOnDialog(actor: UserAccount, dialogId: string, request: DialogActionRequest, requestId: string): void {
    this.requests.act(actor, dialogId, request, requestId);
  }

  close(): void {
    this.unwatch();
    this.agentSync.close();
    for (const call of this.registry.all()) this.timers.cancelAll(call);
    this.registry.clear();
  }

  // ---- SimulatedWorld (control API, traffic generator)

  placeExternalCall(request: ExternalCallRequest): CallView {
    return this.world.placeExternalCall(request);
  }

  answerExternal(callId: string): void {
    this.world.answerExternal(callId);
  }

  hangupExternal(callId: string): void {
    this.world.hangupExternal(callId);
  }

  activeCalls(): CallView[] {
    return this.world.activeCalls();
  }

  callView(callId: string): CallView | undefined {
    return this.world.callView(callId);
  }
}
