import type { QueueCatalogue } from '../application/queue-catalogue.js';
import type { UserAccount } from '../domain/model.js';
import type { Acd } from './acd.js';
import type { AgentSync } from './agent-sync.js';
import type { CallRegistry } from './call-registry.js';
import type { Connections } from './connections.js';
import type { QueueSignals } from './queue-signals.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { WrapUp } from './wrap-up.js';

/**
 * What the phone system does after an agent's state changed (by a request, a timer or a call): wrap-up
 * dialogs go once he left wrap-up, a signed-out agent leaves his calls, and his queues route again.
 */
export class AgentChanges {
  constructor(
    private readonly queues: QueueCatalogue,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly agents: AgentSync,
    private readonly wrapUp: WrapUp,
    private readonly connections: Connections,
    private readonly acd: Acd,
    private readonly signals: QueueSignals,
  ) {}

  /** Runs after the current change, as the agent's state is then. */
  changed(user: UserAccount, requestId: string): void {
    this.uow.later(() => {
      const state = this.agents.stateOf(user.loginId);
      if (state !== 'WORK' && state !== 'WORK_READY') this.wrapUp.finishDialogs(user.loginId, requestId);
      if (state === 'LOGOUT') this.leaveCalls(user.loginId);
      for (const queue of this.queues.membershipOf(user)) {
        this.signals.changed(queue);
        if (state === 'READY') this.acd.route(queue, '');
      }
    });
  }

  /**
   * After a restart, the agent's restored calls meet his restored state: his wrap-up dialogs go unless he is
   * still in wrap-up, and if he is signed out (he was, or he is no longer known) he leaves his calls as on
   * sign-out.
   */
  restored(loginId: string): void {
    this.uow.later(() => {
      const state = this.agents.stateOf(loginId);
      if (state !== 'WORK' && state !== 'WORK_READY') this.wrapUp.finishDialogs(loginId, '');
      if (state === 'LOGOUT') this.leaveCalls(loginId);
    });
  }

  /** A ringing queue call goes back to its queue; from any other call the agent hangs up. */
  private leaveCalls(loginId: string): void {
    for (const call of this.registry.liveCallsOf(loginId)) {
      const p = call.participantOf(loginId);
      if (!p) continue;
      if (p.state === 'ALERTING' && call.queue !== null) this.acd.withdrawOffer(call, loginId, false);
      else this.connections.leave(call, p, '', 'completed');
    }
  }
}
