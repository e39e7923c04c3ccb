import type { CallVariables } from './call-variables.js';
import { emptyCallVariables } from './call-variables.js';

/** Voice dialog states (reference §7.2). */
export type DialogState = 'INITIATING' | 'INITIATED' | 'ALERTING' | 'ACTIVE' | 'FAILED' | 'DROPPED';

/** Participant states (reference §7.3). */
export type ParticipantState = 'INITIATING' | 'INITIATED' | 'ALERTING' | 'ACTIVE' | 'HELD' | 'FAILED' | 'WRAP_UP' | 'DROPPED';

export type StateCause = '' | 'BUSY' | 'BAD_DESTINATION' | 'OTHER' | 'DEVICE_RESOURCE_NOT_AVAILABLE';

export type CallType = 'ACD_IN' | 'OTHER_IN' | 'OUT' | 'AGENT_INSIDE' | 'CONSULT' | 'TRANSFER' | 'CONFERENCE' | 'SUPERVISOR_MONITOR';

export type DialogAction =
  | 'ANSWER'
  | 'HOLD'
  | 'RETRIEVE'
  | 'DROP'
  | 'UPDATE_CALL_DATA'
  | 'CONSULT_CALL'
  | 'TRANSFER'
  | 'CONFERENCE'
  | 'TRANSFER_SST'
  | 'SEND_DTMF'
  | 'PARTICIPANT_DROP'
  | 'BARGE_CALL';

export interface MediaProperties {
  dnis: string;
  callType: CallType;
  dialedNumber: string;
  queueNumber: string;
  queueName: string;
  wrapUpReason: string;
  callVariables: CallVariables;
}

export interface Participant {
  mediaAddress: string;
  /** The agent whose phone this is; null for parties outside the contact center. */
  loginId: string | null;
  state: ParticipantState;
  stateCause: StateCause;
  startTime: number;
  stateChangeTime: number;
  /** A silently monitored agent: present in the monitor dialog, offered no actions. */
  passive: boolean;
}

export interface Dialog {
  id: string;
  fromAddress: string;
  toAddress: string;
  /** The dialog this one was started from (a consult's original call, a monitor's monitored call). */
  associatedDialogId: string | null;
  /** Id of the dialog merged into this one by a transfer or conference. */
  secondaryId: string | null;
  mediaProperties: MediaProperties;
  state: DialogState;
  participants: Participant[];
}

export interface ParticipantSnapshot extends Readonly<Participant> {
  actions: readonly DialogAction[];
}

/** A dialog frozen at the moment of a change, with the actions each participant may take. */
export interface DialogSnapshot {
  id: string;
  fromAddress: string;
  toAddress: string;
  associatedDialogId: string | null;
  secondaryId: string | null;
  mediaProperties: Readonly<MediaProperties>;
  state: DialogState;
  participants: readonly ParticipantSnapshot[];
}

export function newDialog(input: {
  id: string;
  fromAddress: string;
  toAddress: string;
  callType: CallType;
  dialedNumber?: string;
  associatedDialogId?: string | null;
  callVariables?: CallVariables;
}): Dialog {
  return {
    id: input.id,
    fromAddress: input.fromAddress,
    toAddress: input.toAddress,
    associatedDialogId: input.associatedDialogId ?? null,
    secondaryId: null,
    mediaProperties: {
      dnis: input.dialedNumber ?? input.toAddress,
      callType: input.callType,
      dialedNumber: input.dialedNumber ?? input.toAddress,
      queueNumber: '',
      queueName: '',
      wrapUpReason: '',
      callVariables: input.callVariables ?? emptyCallVariables(),
    },
    state: 'INITIATING',
    participants: [],
  };
}

export function addParticipant(
  dialog: Dialog,
  party: { mediaAddress: string; loginId: string | null; state: ParticipantState; passive?: boolean },
  now: number,
): Participant {
  const participant: Participant = {
    mediaAddress: party.mediaAddress,
    loginId: party.loginId,
    state: party.state,
    stateCause: '',
    startTime: now,
    stateChangeTime: now,
    passive: party.passive ?? false,
  };
  dialog.participants.push(participant);
  dialog.state = deriveDialogState(dialog.participants);
  return participant;
}

export function setParticipantState(dialog: Dialog, participant: Participant, state: ParticipantState, now: number, cause: StateCause = ''): void {
  if (participant.state !== state || participant.stateCause !== cause) {
    participant.state = state;
    participant.stateCause = cause;
    participant.stateChangeTime = now;
  }
  dialog.state = deriveDialogState(dialog.participants);
}

export function removeParticipant(dialog: Dialog, participant: Participant): void {
  dialog.participants = dialog.participants.filter((p) => p !== participant);
  dialog.state = deriveDialogState(dialog.participants);
}

export function findParticipant(dialog: Dialog, mediaAddress: string): Participant | undefined {
  return dialog.participants.find((p) => p.mediaAddress === mediaAddress);
}

/** Participants still on the call: neither dropped, failed nor wrapping up. */
export function isLive(participant: Participant): boolean {
  return participant.state !== 'DROPPED' && participant.state !== 'WRAP_UP' && participant.state !== 'FAILED';
}

/**
 * The dialog state follows from its participants: FAILED when a party failed, ACTIVE while two parties
 * are connected, else the furthest setup state reached, else DROPPED.
 */
export function deriveDialogState(participants: readonly Participant[]): DialogState {
  if (participants.some((p) => p.state === 'FAILED')) return 'FAILED';
  const connected = participants.filter((p) => p.state === 'ACTIVE' || p.state === 'HELD').length;
  if (connected >= 2) return 'ACTIVE';
  if (participants.some((p) => p.state === 'ALERTING')) return 'ALERTING';
  if (participants.some((p) => p.state === 'INITIATED')) return 'INITIATED';
  if (participants.some((p) => p.state === 'INITIATING')) return 'INITIATING';
  return 'DROPPED';
}
