import type { UserAccount } from '../domain/model.js';
import type { DialogSnapshot } from '../domain/dialog.js';
import type { QueueStatistics } from '../domain/queue.js';

export interface CallVariableInput {
  name: string;
  value: string;
}

/** `POST /User/{id}/Dialogs`. */
export interface NewDialogRequest {
  action: 'MAKE_CALL' | 'SILENT_MONITOR' | 'BARGE_CALL';
  fromAddress: string;
  toAddress: string;
  /** BARGE_CALL: the supervisor's monitor dialog. */
  associatedDialogId: string | null;
  callVariables: readonly CallVariableInput[];
}

/** `PUT /Dialog/{id}`. */
export interface DialogActionRequest {
  action: string;
  targetMediaAddress: string | undefined;
  toAddress: string | undefined;
  callVariables: readonly CallVariableInput[];
  wrapUpReason: string | undefined;
  dtmfString: string | undefined;
}

/**
 * The phone system as the Finesse APIs see it: dialogs of agents, the dialog requests, queues. The
 * built-in simulator implements it; a real PBX/CTI adapter can implement it later. Requests throw a
 * DomainError for what is refused at once (the synchronous ApiErrors); everything else is reported
 * through dialog events on the bus, including failures found later (asynchronous apiErrors).
 */
export interface Telephony {
  dialogsOf(loginId: string): DialogSnapshot[];
  findDialog(dialogId: string): DialogSnapshot | undefined;
  createDialog(actor: UserAccount, request: NewDialogRequest, requestId: string): void;
  actOnDialog(actor: UserAccount, dialogId: string, request: DialogActionRequest, requestId: string): void;
  queueStatistics(queueId: string): QueueStatistics;
  close(): void;
}
