import type { Clock } from '../domain/clock.js';
import type { Participant } from '../domain/dialog.js';
import type { Call } from './call.js';
import type { CallTimers } from './call-timers.js';
import type { Connections } from './connections.js';
import { DEVICE_BUSY, INVALID_DESTINATION } from './connections.js';
import type { Destination, NumberPlanSettings } from './number-plan.js';
import type { UnitOfWork } from './unit-of-work.js';

export type ExternalBehaviour = Extract<Destination, { kind: 'external' }>['behaviour'];

/** Phones outside the contact center: they ring, answer after the plan's delay, or are busy or invalid. */
export class ExternalParties {
  constructor(
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly timers: CallTimers,
    private readonly connections: Connections,
    private readonly settings: NumberPlanSettings,
  ) {
    timers.on('externalAnswer', (call, { party }) => {
      const ringing = call.dialog.participants.find((p) => p.loginId === null && p.mediaAddress === party && p.state === 'ALERTING');
      if (ringing) this.answer(call, ringing);
    });
  }

  /** Rings the number the call is to; `caller` is told when it is busy or invalid. */
  ring(call: Call, behaviour: ExternalBehaviour, requestId: string, caller: Participant | null): void {
    if (behaviour === 'busy') return this.connections.fail(call, caller, 'BUSY', requestId, DEVICE_BUSY, 'busy');
    if (behaviour === 'invalid') return this.connections.fail(call, caller, 'BAD_DESTINATION', requestId, INVALID_DESTINATION, 'invalid');
    const party = call.addParticipant({ mediaAddress: call.dialog.toAddress, loginId: null, state: 'ALERTING' }, this.clock.now());
    this.uow.commit(call, requestId);
    if (behaviour === 'answer') {
      this.timers.start(call, { kind: 'externalAnswer', party: party.mediaAddress }, this.settings.externalAnswerDelayMs);
    }
  }

  /** The external party picks up (by itself, or told to through the control API). */
  answer(call: Call, party: Participant): void {
    if (party.state !== 'ALERTING') return;
    call.setParticipantState(party, 'ACTIVE', this.clock.now());
    this.connections.connect(call);
    this.uow.commit(call, '');
  }
}
