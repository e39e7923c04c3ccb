import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { hasRole } from '../../domain/model.js';
import { dialogXml, dialogsXml } from '../../finesse/dialog-xml.js';
import { child, childText, type XmlElement } from '../../finesse/xml-reader.js';
import { API } from '../../finesse/uris.js';
import type { CallVariableInput, DialogActionRequest, NewDialogRequest, Telephony } from '../../telephony/telephony.js';
import { requireActor } from '../authenticate.js';
import type { Logger } from '../../logging.js';
import type { HttpAccess } from '../access.js';
import { HttpApiError, sendXml } from '../errors.js';
import { xmlBody } from '../request-body.js';
import { requestIdOf } from './users.js';

/** Answered by the node that leads the phone system (forwarded there from the others). */
const LEADER = { leader: true };

const NEW_DIALOG_ACTIONS = ['MAKE_CALL', 'SILENT_MONITOR', 'BARGE_CALL'] as const;
const DIALOG_ACTIONS = [
  'ANSWER',
  'HOLD',
  'RETRIEVE',
  'DROP',
  'CONSULT_CALL',
  'TRANSFER',
  'CONFERENCE',
  'TRANSFER_SST',
  'UPDATE_CALL_DATA',
  'SEND_DTMF',
  'PARTICIPANT_DROP',
];
/** Finesse actions that exist but that this deployment (CCE voice, no outbound campaigns) does not offer. */
const NOT_IMPLEMENTED_ACTIONS = ['START_RECORDING', 'ACCEPT', 'CLOSE', 'REJECT', 'UPDATE_SCHEDULED_CALLBACK', 'CANCEL_SCHEDULED_CALLBACK', 'RECLASSIFY'];
const DIALOG_URI = new RegExp(`^${API}/Dialog/([^/]+)$`);

export interface DialogRoutesDeps {
  telephony: Pick<Telephony, 'dialogsOf' | 'createDialog' | 'findDialog' | 'actOnDialog'>;
  access: Pick<HttpAccess, 'readableUser' | 'readableDialog'>;
  logger: Logger;
}

export function registerDialogRoutes(app: FastifyInstance, ctx: DialogRoutesDeps): void {
  app.get<{ Params: { id: string } }>('/User/:id/Dialogs', { config: LEADER }, async (request, reply) => {
    const user = ctx.access.readableUser(requireActor(request), request.params.id);
    return sendXml(reply, 200, dialogsXml(ctx.telephony.dialogsOf(user.loginId)));
  });

  app.post<{ Params: { id: string } }>('/User/:id/Dialogs', { config: LEADER }, async (request, reply) => {
    const actor = requireActor(request);
    if (request.params.id !== actor.loginId && request.params.id !== actor.loginName) {
      throw new DomainError('InvalidAuthorizationUser', "The user in the credentials and the uri don't match", actor.loginId);
    }
    if (hasRole(actor, 'Administrator') && !hasRole(actor, 'Agent')) {
      throw new DomainError('AuthorizationFailure', 'The user is not an authorized agent or supervisor', actor.loginId);
    }
    const body = xmlBody(request, 'Dialog');
    const action = requiredText(body, 'requestedAction');
    if (!(NEW_DIALOG_ACTIONS as readonly string[]).includes(action)) throw new DomainError('InvalidInput', 'Invalid requestedAction specified', action);
    const associated = childText(body, 'associatedDialogUri');
    const newDialog: NewDialogRequest = {
      action: action as NewDialogRequest['action'],
      fromAddress: childText(body, 'fromAddress') ?? '',
      toAddress: childText(body, 'toAddress') ?? '',
      associatedDialogId: associated ? (DIALOG_URI.exec(associated)?.[1] ?? associated) : null,
      callVariables: callVariablesOf(body),
    };
    const requestId = requestIdOf(request.headers.requestid);
    ctx.telephony.createDialog(actor, newDialog, requestId);
    ctx.logger.info({ event: 'dialog.requested', actor: actor.loginId, action, to: newDialog.toAddress, requestId }, 'dialog requested');
    return reply.code(202).send();
  });

  app.get<{ Params: { id: string } }>('/Dialog/:id', { config: LEADER }, async (request, reply) => {
    const actor = requireActor(request);
    const dialog = ctx.access.readableDialog(actor, request.params.id, ctx.telephony.findDialog(request.params.id));
    return sendXml(reply, 200, dialogXml(dialog));
  });

  app.put<{ Params: { id: string } }>('/Dialog/:id', { config: LEADER }, async (request, reply) => {
    const actor = requireActor(request);
    ctx.access.readableDialog(actor, request.params.id, ctx.telephony.findDialog(request.params.id));
    const body = xmlBody(request, 'Dialog');
    const action = requiredText(body, 'requestedAction');
    if (NOT_IMPLEMENTED_ACTIONS.includes(action)) throw HttpApiError.of(501, 'Not Implemented', `${action} is not supported on this deployment`, action);
    if (!DIALOG_ACTIONS.includes(action)) throw new DomainError('InvalidInput', 'Invalid requestedAction specified', action);
    const mediaProperties = child(body, 'mediaProperties');
    const dialogRequest: DialogActionRequest = {
      action,
      targetMediaAddress: childText(body, 'targetMediaAddress'),
      toAddress: childText(body, 'toAddress'),
      callVariables: callVariablesOf(body),
      wrapUpReason: mediaProperties ? childText(mediaProperties, 'wrapUpReason') : undefined,
      dtmfString: actionParam(body, 'dtmfString'),
    };
    const requestId = requestIdOf(request.headers.requestid);
    ctx.telephony.actOnDialog(actor, request.params.id, dialogRequest, requestId);
    ctx.logger.info({ event: 'dialog.action', actor: actor.loginId, dialog: request.params.id, action, requestId }, 'dialog action');
    return reply.code(202).send();
  });
}

function requiredText(body: XmlElement, name: string): string {
  const value = childText(body, name);
  if (value === undefined || value === '') throw new DomainError('ParameterMissing', `${name} parameter is missing`, name);
  return value;
}

function callVariablesOf(body: XmlElement): CallVariableInput[] {
  const list = child(body, 'mediaProperties') && child(child(body, 'mediaProperties')!, 'callvariables');
  if (!list) return [];
  return list.children
    .filter((c) => c.name === 'CallVariable')
    .map((c) => {
      const name = childText(c, 'name');
      if (!name) throw new DomainError('InvalidInput', 'A CallVariable needs a name', 'CallVariable');
      return { name, value: child(c, 'value')?.text ?? '' };
    });
}

function actionParam(body: XmlElement, name: string): string | undefined {
  const params = child(body, 'actionParams');
  const param = params?.children.find((p) => p.name === 'ActionParam' && childText(p, 'name') === name);
  return param ? childText(param, 'value') : undefined;
}
