import type { Clock } from '../../domain/clock.js';
import type { Participant } from '../../domain/dialog.js';
import { isLive } from '../../domain/dialog.js';
import { DomainError } from '../../domain/errors.js';
import type { AgentSync } from '../agent-sync.js';
import type { Call } from '../call.js';
import type { CallRegistry } from '../call-registry.js';
import type { Connections } from '../connections.js';
import { DEVICE_BUSY, INVALID_DESTINATION } from '../connections.js';
import type { Dialing } from '../dialing.js';
import type { ExternalParties } from '../external-parties.js';
import type { UnitOfWork } from '../unit-of-work.js';
import type { WrapUp } from '../wrap-up.js';

/** Consult, then transfer or conference; and the single-step transfer. */
export class Transfers {
  constructor(
    private readonly clock: Clock,
    private readonly registry: CallRegistry,
    private readonly uow: UnitOfWork,
    private readonly agents: AgentSync,
    private readonly wrapUp: WrapUp,
    private readonly connections: Connections,
    private readonly dialing: Dialing,
    private readonly external: ExternalParties,
  ) {}

  /** `CONSULT_CALL`: the agent holds the call and dials `toAddress` on a consult call associated with it. */
  consult(call: Call, own: Participant, loginId: string, toAddress: string | undefined, requestId: string): void {
    const destinationAddress = requireOtherAddress(toAddress, own);
    call.setParticipantState(own, 'HELD', this.clock.now());
    this.uow.commit(call, requestId);
    const destination = this.dialing.resolve(destinationAddress);
    const consult = this.registry.open(
      {
        fromAddress: own.mediaAddress,
        toAddress: destinationAddress,
        callType: 'CONSULT',
        associatedDialogId: call.id,
        callVariables: call.dialog.mediaProperties.callVariables,
      },
      this.clock.now(),
    );
    this.dialing.dial(consult, loginId, own.mediaAddress, destination, 'none', requestId);
  }

  /** `TRANSFER` or `CONFERENCE`: merges the agent's consult call into his held call. */
  complete(call: Call, loginId: string, action: 'TRANSFER' | 'CONFERENCE', requestId: string): void {
    const pair = this.consultPair(call, loginId);
    if (!pair) throw new DomainError('InvalidState', `${action} needs a held call and a connected consult call`, action);
    const { original, consult } = pair;
    const now = this.clock.now();
    const moving = consult.dialog.participants.filter((p) => p.loginId !== loginId && isLive(p));
    // The consult call disappears for everyone on it.
    for (const p of consult.dialog.participants) if (p.state !== 'DROPPED') consult.setParticipantState(p, 'DROPPED', now);
    this.uow.remove(consult, requestId, [...consult.notified.keys()]);
    consult.outcome = action === 'TRANSFER' ? 'transferred' : 'conferenced';
    consult.end(consult.outcome);
    const own = original.participantIn(loginId, 'HELD')!;
    if (action === 'TRANSFER') this.handOver(original, own, loginId, requestId);
    else original.setParticipantState(own, 'ACTIVE', now);
    original.dialog.secondaryId = consult.id;
    original.dialog.mediaProperties.callType = action;
    for (const p of moving) {
      const moved = original.addParticipant({ mediaAddress: p.mediaAddress, loginId: p.loginId, state: 'ACTIVE' }, now);
      if (moved.loginId !== null) {
        original.legs.set(moved.loginId, { direction: 'incoming', connected: false });
        this.connections.markConnected(original, moved.loginId);
      }
    }
    this.uow.touch(loginId);
    this.uow.commit(original, requestId);
  }

  /** `TRANSFER_SST`: the call goes to `toAddress` at once; a busy or invalid destination fails it asynchronously. */
  singleStepTransfer(call: Call, own: Participant, loginId: string, toAddress: string | undefined, requestId: string): void {
    const destinationAddress = requireOtherAddress(toAddress, own);
    const destination = this.dialing.resolve(destinationAddress);
    const unreachable =
      (destination.kind === 'external' && (destination.behaviour === 'busy' || destination.behaviour === 'invalid')) ||
      (destination.kind === 'agent' && !this.agents.isFreeForCall(destination.loginId));
    if (unreachable) {
      const invalid = destination.kind === 'external' && destination.behaviour === 'invalid';
      return this.connections.reportFailure(loginId, call, requestId, invalid ? INVALID_DESTINATION : DEVICE_BUSY);
    }
    this.handOver(call, own, loginId, requestId);
    call.dialog.mediaProperties.callType = 'TRANSFER';
    call.dialog.toAddress = destinationAddress;
    if (destination.kind === 'external') this.external.ring(call, destination.behaviour, requestId, null);
    else this.dialing.deliver(call, destination, requestId, null);
    this.uow.commit(call, requestId);
  }

  /**
   * The agent transfers the call away. When wrap-up applies he wraps up this call: his participant stays on
   * it in WRAP_UP (a PUT, not a DELETE), so he can set its wrapUpReason, until he leaves wrap-up. Otherwise
   * his DELETE shows him DROPPED and he leaves the call the others go on with.
   */
  private handOver(call: Call, own: Participant, loginId: string, requestId: string): void {
    const state = this.wrapUp.leave(call, own, loginId, this.agents.isSigningOut(loginId));
    if (state === 'DROPPED') {
      this.uow.remove(call, requestId, [loginId]);
      call.removeParticipant(own);
    }
    this.uow.touch(loginId);
  }

  /** The agent's held original call and his connected consult call, from either of them. */
  private consultPair(call: Call, loginId: string): { original: Call; consult: Call } | undefined {
    const original = call.dialog.mediaProperties.callType === 'CONSULT' ? this.registry.get(call.dialog.associatedDialogId ?? '') : call;
    if (!original) return undefined;
    const consult = this.registry.consultOf(original);
    if (consult?.dialog.state !== 'ACTIVE') return undefined;
    const held = original.participantIn(loginId, 'HELD');
    const active = consult.participantIn(loginId, 'ACTIVE');
    return held && active ? { original, consult } : undefined;
  }
}

function requireOtherAddress(toAddress: string | undefined, own: Participant): string {
  if (toAddress === undefined || toAddress === '') throw new DomainError('ParameterMissing', 'toAddress parameter is missing', 'toAddress');
  if (toAddress === own.mediaAddress) throw new DomainError('InvalidDestination', 'toAddress is the extension of the user', toAddress);
  return toAddress;
}
