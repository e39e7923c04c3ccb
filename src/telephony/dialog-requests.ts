import { MAX_WRAP_UP_REASON_LENGTH, validateCallVariables, withCallVariables } from '../domain/call-variables.js';
import type { DialogAction, Participant } from '../domain/dialog.js';
import { participantActions } from '../domain/dialog-actions.js';
import { DomainError } from '../domain/errors.js';
import type { AgentStatus, UserAccount } from '../domain/model.js';
import { hasRole } from '../domain/model.js';
import type { AgentPhones } from './agent-phones.js';
import type { AgentSync } from './agent-sync.js';
import type { Call } from './call.js';
import type { CallRegistry } from './call-registry.js';
import type { Connections } from './connections.js';
import type { Dialing } from './dialing.js';
import type { Supervision } from './features/supervision.js';
import type { Transfers } from './features/transfer.js';
import type { DialogActionRequest, NewDialogRequest } from './telephony.js';
import type { UnitOfWork } from './unit-of-work.js';
import type { WrapUp } from './wrap-up.js';

/** The parts of the phone system dialog requests are carried out by. */
export interface DialogRequestParts {
  registry: CallRegistry;
  uow: UnitOfWork;
  agents: AgentSync;
  wrapUp: WrapUp;
  phones: AgentPhones;
  connections: Connections;
  dialing: Dialing;
  transfers: Transfers;
  supervision: Supervision;
}

interface NewDialog {
  actor: UserAccount;
  status: AgentStatus;
  request: NewDialogRequest;
}

/** `POST /User/{id}/Dialogs` is refused by the first of these that finds a fault, in this order. */
const NEW_DIALOG_RULES: readonly ((d: NewDialog) => DomainError | undefined)[] = [
  ({ actor }) =>
    hasRole(actor, 'Agent') ? undefined : new DomainError('AuthorizationFailure', 'The user is not an authorized agent or supervisor', actor.loginId),
  ({ status }) =>
    status.state === 'LOGOUT' || status.extension === null ? new DomainError('InvalidState', 'The user is not signed in', status.state) : undefined,
  ({ request }) => (request.fromAddress === '' ? new DomainError('ParameterMissing', 'fromAddress parameter is missing', 'fromAddress') : undefined),
  ({ request, status }) =>
    request.fromAddress !== status.extension ? new DomainError('InvalidInput', 'fromAddress is not the extension of the user', request.fromAddress) : undefined,
  ({ request }) => (request.toAddress === '' ? new DomainError('ParameterMissing', 'toAddress parameter is missing', 'toAddress') : undefined),
  ({ request }) =>
    request.toAddress === request.fromAddress ? new DomainError('InvalidDestination', 'toAddress is the same as fromAddress', request.toAddress) : undefined,
];

type NewDialogHandler = (parts: DialogRequestParts, actor: UserAccount, extension: string, request: NewDialogRequest, requestId: string) => void;

const NEW_DIALOG_HANDLERS: Readonly<Record<NewDialogRequest['action'], NewDialogHandler>> = {
  MAKE_CALL: (parts, actor, extension, request, requestId) => parts.dialing.makeCall(actor, extension, request, requestId),
  SILENT_MONITOR: (parts, actor, extension, request, requestId) => parts.supervision.silentMonitor(actor, extension, request.toAddress, requestId),
  BARGE_CALL: (parts, actor, extension, request, requestId) => parts.supervision.barge(actor, extension, request, requestId),
};

/** What `targetMediaAddress` must be: the requester's own extension, any party of the call, or nothing. */
type TargetRule = 'own' | 'party' | 'none';

interface ActionRequest {
  call: Call;
  own: Participant;
  actor: UserAccount;
  request: DialogActionRequest;
  requestId: string;
}

interface ActionHandler {
  target: TargetRule;
  perform(parts: DialogRequestParts, a: ActionRequest): void;
}

/** `PUT /Dialog/{id}`: each action's target rule and what carries it out. Unknown actions follow the `own` rule, then are refused as not allowed. */
const DIALOG_ACTIONS: Readonly<Record<DialogAction, ActionHandler>> = {
  ANSWER: { target: 'own', perform: (parts, a) => parts.phones.answer(a.call, a.own, a.requestId) },
  HOLD: { target: 'own', perform: (parts, a) => parts.phones.hold(a.call, a.own, a.requestId) },
  RETRIEVE: { target: 'own', perform: (parts, a) => parts.phones.retrieve(a.call, a.own, a.requestId) },
  DROP: { target: 'own', perform: (parts, a) => parts.connections.leave(a.call, a.own, a.requestId, 'completed') },
  UPDATE_CALL_DATA: { target: 'none', perform: updateCallData },
  SEND_DTMF: { target: 'own', perform: (_parts, a) => checkDtmf(a.request.dtmfString) },
  CONSULT_CALL: { target: 'own', perform: (parts, a) => parts.transfers.consult(a.call, a.own, a.actor.loginId, a.request.toAddress, a.requestId) },
  TRANSFER: { target: 'own', perform: (parts, a) => parts.transfers.complete(a.call, a.actor.loginId, 'TRANSFER', a.requestId) },
  CONFERENCE: { target: 'own', perform: (parts, a) => parts.transfers.complete(a.call, a.actor.loginId, 'CONFERENCE', a.requestId) },
  TRANSFER_SST: { target: 'own', perform: (parts, a) => parts.transfers.singleStepTransfer(a.call, a.own, a.actor.loginId, a.request.toAddress, a.requestId) },
  PARTICIPANT_DROP: { target: 'party', perform: (parts, a) => parts.supervision.participantDrop(a.call, a.request.targetMediaAddress!, a.requestId) },
  BARGE_CALL: {
    target: 'own',
    perform: (_parts, a) => {
      throw new DomainError('InvalidInput', 'BARGE_CALL is requested with POST /User/{id}/Dialogs', a.request.action);
    },
  },
};

/** Checks dialog requests and hands them to the part of the phone system that carries them out. */
export class DialogRequests {
  constructor(private readonly parts: DialogRequestParts) {}

  create(actor: UserAccount, request: NewDialogRequest, requestId: string): void {
    const status = this.parts.agents.statusOf(actor.loginId);
    for (const rule of NEW_DIALOG_RULES) {
      const fault = rule({ actor, status, request });
      if (fault) throw fault;
    }
    if (Object.hasOwn(NEW_DIALOG_HANDLERS, request.action)) NEW_DIALOG_HANDLERS[request.action](this.parts, actor, status.extension!, request, requestId);
  }

  act(actor: UserAccount, dialogId: string, request: DialogActionRequest, requestId: string): void {
    const call = this.parts.registry.get(dialogId);
    if (!call) throw new DomainError('NotFound', 'Invalid dialogId specified for dialog', dialogId);
    const extension = this.parts.agents.statusOf(actor.loginId).extension;
    const own = call.participantOf(actor.loginId);
    if (!own || extension === null) throw new DomainError('AuthorizationFailure', 'The user is not a participant of this dialog', actor.loginId);
    const handler = Object.hasOwn(DIALOG_ACTIONS, request.action) ? DIALOG_ACTIONS[request.action as DialogAction] : undefined;
    checkTarget(handler?.target ?? 'own', request.targetMediaAddress, extension);
    const actions = participantActions(call.dialog, own, this.parts.registry.contextOf(own, call.dialog));
    if (!handler || !actions.includes(request.action as DialogAction)) {
      throw new DomainError('InvalidState', `${request.action} is not allowed for a participant in state ${own.state}`, request.action);
    }
    this.parts.uow.run(() => handler.perform(this.parts, { call, own, actor, request, requestId }), requestId);
  }
}

function checkTarget(rule: TargetRule, target: string | undefined, extension: string): void {
  if (rule === 'none') return;
  if (target === undefined || target === '') throw new DomainError('ParameterMissing', 'targetMediaAddress parameter is missing', 'targetMediaAddress');
  if (rule === 'own' && target !== extension) throw new DomainError('InvalidInput', 'targetMediaAddress is not the extension of the user', target);
}

function checkDtmf(digits: string | undefined): void {
  if (!digits) throw new DomainError('ParameterMissing', 'dtmfString parameter is missing', 'dtmfString');
  if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new DomainError('InvalidInput', 'Invalid DTMF digits', digits);
}

/** `UPDATE_CALL_DATA`: call variables and the wrap-up reason, by any participant, wrap-up included. */
function updateCallData(parts: DialogRequestParts, { call, request, requestId }: ActionRequest): void {
  validateCallVariables(request.callVariables);
  if (request.wrapUpReason !== undefined && request.wrapUpReason.length > MAX_WRAP_UP_REASON_LENGTH) {
    throw new DomainError('InvalidInput', `wrapUpReason is longer than ${MAX_WRAP_UP_REASON_LENGTH} characters`, 'wrapUpReason');
  }
  const mp = call.dialog.mediaProperties;
  mp.callVariables = withCallVariables(mp.callVariables, request.callVariables);
  if (request.wrapUpReason !== undefined) {
    mp.wrapUpReason = request.wrapUpReason;
    parts.wrapUp.reasonChanged(call);
  }
  parts.uow.commit(call, requestId);
}
