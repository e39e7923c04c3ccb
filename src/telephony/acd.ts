import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { Clock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import type { Queue, QueueStatistics } from '../domain/queue.js';
import { queueStatistics } from '../domain/queue.js';
import type { AgentPhones } from './agent-phones.js';
import type { AgentSync } from './agent-sync.js';
import type { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { CallTimers } from './call-timers.js';
import type { Connections } from './connections.js';
import type { QueueMembers } from './queue-members.js';
import type { QueueSignals } from './queue-signals.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The ACD: queues hold calls until a member is free, longest-available routing offers the oldest waiting
 * call to the member READY the longest, an offer that rings out goes back to the queue (the agent NOT_READY
 * with the ring-no-answer code), and a call that waited past the queue's limit is cleared.
 */
export class Acd {
  constructor(
    private readonly clock: Clock,
    private readonly queues: QueueCatalogue,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly timers: CallTimers,
    private readonly agents: AgentSync,
    private readonly members: QueueMembers,
    private readonly phones: AgentPhones,
    private readonly connections: Connections,
    private readonly signals: QueueSignals,
  ) {
    timers.on('queueRingNoAnswer', (call, { agent }) => this.withdrawOffer(call, agent, true));
    timers.on('queueLimit', (call) => {
      if (call.phase === 'queued') this.connections.clearCall(call, '', 'queueTimeLimit');
    });
  }

  enqueue(call: Call, queue: Queue, requestId: string): void {
    call.enterQueue(queue, this.clock.now());
    if (queue.maxQueueTimeSeconds > 0 && !call.timers.has('queueLimit')) {
      this.timers.start(call, { kind: 'queueLimit' }, queue.maxQueueTimeSeconds * 1000);
    }
    this.signals.changed(queue);
    this.uow.commit(call, requestId);
    this.route(queue, requestId);
  }

  /** Longest-available routing: while calls wait and members are free, the oldest call rings the member READY the longest. */
  route(queue: Queue, requestId: string): void {
    for (;;) {
      const call = this.registry.waitingIn(queue)[0];
      if (!call) return;
      const agent = this.members.longestAvailable(queue, (loginId) => !this.registry.hasLiveCall(loginId));
      if (!agent) return;
      call.offerTo(agent);
      this.signals.changed(queue);
      this.phones.ring(call, agent, requestId, null);
      this.timers.start(call, { kind: 'queueRingNoAnswer', agent }, queue.ringNoAnswerSeconds * 1000);
    }
  }

  /** After a restart: the queue's statistics are told again and its waiting calls routed to whoever is free. */
  reroute(queue: Queue): void {
    this.signals.changed(queue);
    this.route(queue, '');
  }

  /** The offer goes away from the agent (rang out, or he signed out) and the call waits in the queue again. */
  withdrawOffer(call: Call, loginId: string, rangOut: boolean): void {
    const own = call.participantIn(loginId, 'ALERTING');
    const queue = call.queue;
    if (!own || !queue) return;
    this.timers.cancel(call, 'ringNoAnswer', 'agentAnswer');
    if (call.phase !== 'queued') call.requeue();
    call.setParticipantState(own, 'DROPPED', this.clock.now());
    this.uow.commit(call, '');
    this.uow.removeDropped(call, '');
    call.removeParticipant(own);
    call.legs.delete(loginId);
    if (rangOut && this.agents.stateOf(loginId) === 'RESERVED') this.agents.apply(loginId, { type: 'ringNoAnswer' }, '');
    if (queue.maxQueueTimeSeconds > 0 && this.clock.now() - (call.enqueuedAt ?? 0) >= queue.maxQueueTimeSeconds * 1000) {
      this.connections.clearCall(call, '', 'queueTimeLimit');
      return;
    }
    this.signals.changed(queue);
    this.route(queue, '');
  }

  statistics(queueId: string): QueueStatistics {
    const queue = this.queues.find(queueId);
    if (!queue) throw new DomainError('NotFound', 'Invalid queue id specified', queueId);
    const members = this.members
      .membersOf(queue)
      .map((loginId) => ({ status: this.agents.statusOf(loginId), talking: this.registry.talkDirectionOf(loginId) }));
    const waiting = this.registry.waitingIn(queue).map((c) => c.waitingSince ?? c.startedAt);
    return queueStatistics(members, waiting);
  }
}
