import type { Dialog, Participant, ParticipantState, StateCause } from './dialog.js';
import { setParticipantState } from './dialog.js';

/**
 * Which participant state may follow which (reference §7.3), in the style of SIP.js's session states:
 * a phone is set up (INITIATING → INITIATED, or ALERTING when called), talks (ACTIVE ⇄ HELD), and leaves
 * (DROPPED, or WRAP_UP first when the agent wraps the call up). DROPPED is final.
 */
export const PARTICIPANT_TRANSITIONS: Readonly<Record<ParticipantState, readonly ParticipantState[]>> = {
  INITIATING: ['INITIATED', 'ACTIVE', 'FAILED', 'DROPPED'],
  INITIATED: ['ACTIVE', 'FAILED', 'DROPPED'],
  ALERTING: ['ACTIVE', 'DROPPED'],
  ACTIVE: ['HELD', 'WRAP_UP', 'DROPPED'],
  HELD: ['ACTIVE', 'WRAP_UP', 'DROPPED'],
  FAILED: ['DROPPED'],
  WRAP_UP: ['DROPPED'],
  DROPPED: [],
};

/** A transition the table does not allow: a bug in the phone system, never a refused request. */
export class IllegalParticipantTransition extends Error {
  constructor(
    readonly from: ParticipantState,
    readonly to: ParticipantState,
    readonly mediaAddress: string,
  ) {
    super(`Illegal participant transition of ${mediaAddress} from ${from} to ${to}`);
    this.name = 'IllegalParticipantTransition';
  }
}

export function mayTransition(from: ParticipantState, to: ParticipantState): boolean {
  return PARTICIPANT_TRANSITIONS[from].includes(to);
}

/** Moves the participant to `to`, or throws IllegalParticipantTransition. */
export function transitionParticipant(dialog: Dialog, participant: Participant, to: ParticipantState, now: number, cause: StateCause = ''): void {
  if (!mayTransition(participant.state, to)) throw new IllegalParticipantTransition(participant.state, to, participant.mediaAddress);
  setParticipantState(dialog, participant, to, now, cause);
}
