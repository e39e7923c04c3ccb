import type { AccessPolicy } from '../../application/access-policy.js';
import type { Clock } from '../../domain/clock.js';
import { isLive } from '../../domain/dialog.js';
import type { Directory } from '../../domain/directory.js';
import { DomainError } from '../../domain/errors.js';
import type { UserAccount } from '../../domain/model.js';
import { hasRole } from '../../domain/model.js';
import type { AgentSync } from '../agent-sync.js';
import type { Call } from '../call.js';
import type { CallRegistry } from '../call-registry.js';
import type { Connections } from '../connections.js';
import type { NewDialogRequest } from '../telephony.js';
import type { UnitOfWork } from '../unit-of-work.js';

/** A supervisor listens in on an agent's call (silent monitor), barges into it, or drops a participant from it. */
export class Supervision {
  constructor(
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly access: AccessPolicy,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly agents: AgentSync,
    private readonly connections: Connections,
  ) {}

  /** `SILENT_MONITOR`: a monitor call with the supervisor ACTIVE and the talking agent as a passive participant. */
  silentMonitor(supervisor: UserAccount, extension: string, agentExtension: string, requestId: string): void {
    const target = this.checkSupervision(supervisor, agentExtension);
    const supervisorState = this.agents.stateOf(supervisor.loginId);
    if (supervisorState !== 'NOT_READY' || this.registry.hasLiveCall(supervisor.loginId)) {
      throw new DomainError('InvalidState', 'The supervisor must be NOT_READY and not on a call', supervisorState);
    }
    const monitored = this.registry
      .liveCallsOf(target.loginId)
      .find((c) => c.dialog.participants.some((p) => p.loginId === target.loginId && p.state === 'ACTIVE' && !p.passive));
    if (this.agents.stateOf(target.loginId) !== 'TALKING' || !monitored) {
      throw new DomainError('InvalidState', 'The agent is not talking', this.agents.stateOf(target.loginId));
    }
    this.uow.run(() => {
      const now = this.clock.now();
      const monitor = this.registry.open(
        { fromAddress: extension, toAddress: agentExtension, callType: 'SUPERVISOR_MONITOR', associatedDialogId: monitored.id },
        now,
      );
      monitor.monitorOf = monitored;
      monitor.addParticipant({ mediaAddress: extension, loginId: supervisor.loginId, state: 'ACTIVE' }, now);
      monitor.addParticipant({ mediaAddress: agentExtension, loginId: target.loginId, state: 'ACTIVE', passive: true }, now);
      monitor.legs.set(supervisor.loginId, { direction: 'none', connected: true });
      monitor.connect(now);
      this.uow.touch(supervisor.loginId);
      this.uow.commit(monitor, requestId);
    }, requestId);
  }

  /** `BARGE_CALL`: the supervisor joins the agent's call (leaving his monitor call on it, if any). */
  barge(supervisor: UserAccount, extension: string, request: NewDialogRequest, requestId: string): void {
    const target = this.checkSupervision(supervisor, request.toAddress);
    const monitor = this.registry.monitorBy(supervisor.loginId, request.toAddress);
    if (request.associatedDialogId !== null && monitor?.id !== request.associatedDialogId) {
      throw new DomainError('InvalidInput', 'associatedDialogUri is not a monitor dialog of the user', request.associatedDialogId);
    }
    const monitored =
      monitor?.monitorOf ??
      this.registry.liveCallsOf(target.loginId).find((c) => c.dialog.participants.some((p) => p.loginId === target.loginId && p.state === 'ACTIVE'));
    if (!monitored) throw new DomainError('InvalidState', 'The agent is not talking', this.agents.stateOf(target.loginId));
    if (!monitor && this.registry.hasLiveCall(supervisor.loginId))
      throw new DomainError('InvalidState', 'The supervisor is on another call', supervisor.loginId);
    this.uow.run(() => {
      if (monitor) this.connections.endMonitor(monitor, requestId, false);
      monitored.addParticipant({ mediaAddress: extension, loginId: supervisor.loginId, state: 'ACTIVE' }, this.clock.now());
      monitored.legs.set(supervisor.loginId, { direction: 'none', connected: true });
      this.connections.markConnected(monitored, supervisor.loginId);
      this.uow.commit(monitored, requestId);
    }, requestId);
  }

  /** `PARTICIPANT_DROP`: a party on the call (a conference member, a barged supervisor) is hung up. */
  participantDrop(call: Call, mediaAddress: string, requestId: string): void {
    const target = call.dialog.participants.find((p) => p.mediaAddress === mediaAddress && isLive(p));
    if (!target) throw new DomainError('InvalidDestination', 'targetMediaAddress is not a participant of this dialog', mediaAddress);
    this.connections.leave(call, target, requestId, 'completed');
  }

  private checkSupervision(supervisor: UserAccount, agentExtension: string): UserAccount {
    if (!hasRole(supervisor, 'Supervisor')) throw new DomainError('AuthorizationFailure', 'The user is not an authorized supervisor', supervisor.loginId);
    const loginId = this.agents.agentAtExtension(agentExtension);
    const agent = loginId === undefined ? undefined : this.directory.findUserByLoginId(loginId);
    if (!agent) throw new DomainError('InvalidDestination', 'toAddress is not the extension of a signed-in agent', agentExtension);
    if (!this.access.maySupervise(supervisor, agent))
      throw new DomainError('InvalidSupervisor', 'The supervisor does not supervise a team of this agent', supervisor.loginId);
    const state = this.agents.stateOf(supervisor.loginId);
    if (state !== 'NOT_READY' && state !== 'TALKING') throw new DomainError('InvalidState', 'The supervisor must be NOT_READY', state);
    return agent;
  }
}
