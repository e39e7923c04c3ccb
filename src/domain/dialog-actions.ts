import type { Dialog, DialogAction, DialogSnapshot, Participant } from './dialog.js';
import { isLive } from './dialog.js';

/** What else the participant's agent has going on, which some actions depend on. */
export interface ParticipantContext {
  /** The same agent is ACTIVE on another dialog (a consult call). */
  hasOtherActiveCall: boolean;
  /** The same agent is HELD on another dialog. */
  hasOtherHeldCall: boolean;
}

const NO_OTHER_CALLS: ParticipantContext = { hasOtherActiveCall: false, hasOtherHeldCall: false };

/**
 * The actions to advertise for a participant (reference §7.3). Clients enable buttons strictly from this
 * list, so the Dialog API refuses any action not listed here for the requester.
 */
export function participantActions(dialog: Dialog, participant: Participant, context: ParticipantContext = NO_OTHER_CALLS): DialogAction[] {
  if (participant.passive) return [];
  const monitor = dialog.mediaProperties.callType === 'SUPERVISOR_MONITOR';
  switch (participant.state) {
    case 'INITIATING':
    case 'INITIATED':
      return ['DROP', 'UPDATE_CALL_DATA'];
    case 'ALERTING':
      return ['ANSWER'];
    case 'ACTIVE': {
      // [inferred] a monitoring supervisor may barge in or stop monitoring.
      if (monitor) return ['BARGE_CALL', 'DROP'];
      const actions: DialogAction[] = ['HOLD', 'DROP', 'UPDATE_CALL_DATA'];
      if (context.hasOtherHeldCall) actions.push('TRANSFER', 'CONFERENCE');
      else actions.push('CONSULT_CALL', 'TRANSFER_SST');
      actions.push('SEND_DTMF');
      if (participant.loginId !== null && dialog.participants.filter(isLive).length >= 3) actions.push('PARTICIPANT_DROP');
      return actions;
    }
    case 'HELD': {
      const actions: DialogAction[] = ['RETRIEVE', 'DROP', 'UPDATE_CALL_DATA'];
      if (context.hasOtherActiveCall) actions.push('TRANSFER', 'CONFERENCE');
      return actions;
    }
    case 'FAILED':
      return ['DROP'];
    case 'WRAP_UP':
      return ['UPDATE_CALL_DATA'];
    case 'DROPPED':
      return [];
  }
}

/** Freezes a dialog; `contextOf` tells, per agent participant, what else that agent is doing. */
export function snapshotDialog(dialog: Dialog, contextOf: (participant: Participant) => ParticipantContext): DialogSnapshot {
  return {
    id: dialog.id,
    fromAddress: dialog.fromAddress,
    toAddress: dialog.toAddress,
    associatedDialogId: dialog.associatedDialogId,
    secondaryId: dialog.secondaryId,
    mediaProperties: { ...dialog.mediaProperties, callVariables: new Map(dialog.mediaProperties.callVariables) },
    state: dialog.state,
    participants: dialog.participants.map((p) => ({ ...p, actions: participantActions(dialog, p, p.loginId === null ? NO_OTHER_CALLS : contextOf(p)) })),
  };
}
