// finesse.restservices.Dialog (gadget reference §4.2): a voice dialog, its flat media properties, its
// participants, and the PUT requests on it (finesse-reference §7.5).
import { getArray } from '../utilities.js';
import { json2xml } from '../xml.js';
import type { XmlData } from './fields.js';
import { constantNames } from './names.js';
import { type RequestHandlers, restWrite } from './request.js';
import { RestObject } from './rest-object.js';

const DIALOG_ACTIONS = constantNames(
  'MAKE_CALL',
  'ANSWER',
  'HOLD',
  'RETRIEVE',
  'DROP',
  'UPDATE_CALL_DATA',
  'START_RECORDING',
  'TRANSFER_SST',
  'CONSULT_CALL',
  'TRANSFER',
  'CONFERENCE',
  'SEND_DTMF',
  'ACCEPT',
  'CLOSE',
  'REJECT',
  'PARTICIPANT_DROP',
  'BARGE_CALL',
  'SILENT_MONITOR',
  'UPDATE_SCHEDULED_CALLBACK',
  'CANCEL_SCHEDULED_CALLBACK',
  'RECLASSIFY',
);

const DIALOG_STATES = constantNames('INITIATING', 'INITIATED', 'ALERTING', 'ACTIVE', 'HELD', 'FAILED', 'DROPPED', 'WRAP_UP', 'ACCEPTED');

const valueText = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** `{name: value}` → `<CallVariable><name/><value/></CallVariable>` items. */
const callVariableList = (vars: Record<string, unknown>) => Object.entries(vars).map(([name, value]) => ({ name, value: valueText(value) }));

export class Dialog extends RestObject {
  static Actions = DIALOG_ACTIONS;
  static States = DIALOG_STATES;

  override getRestType(): string {
    return 'Dialog';
  }

  getState(): string {
    return valueText(this._data?.state);
  }

  getFromAddress(): string {
    return valueText(this._data?.fromAddress);
  }

  getToAddress(): string {
    return valueText(this._data?.toAddress);
  }

  getMediaType(): string {
    return valueText(this._data?.mediaType);
  }

  getAssociatedDialogUri(): string {
    return valueText(this._data?.associatedDialogUri);
  }

  getSecondaryId(): string {
    return valueText(this._data?.secondaryId);
  }

  getCallType(): string {
    return valueText(this._data?.mediaProperties?.callType);
  }

  getDNIS(): string {
    return valueText(this._data?.mediaProperties?.DNIS);
  }

  getWrapUpReason(): string {
    return valueText(this._data?.mediaProperties?.wrapUpReason);
  }

  /**
   * One flat map: every scalar of `mediaProperties` (DNIS, callType, dialedNumber, queueName …) and each call
   * variable by name (ECC variables as `user.<name>`); empty values as ''.
   */
  getMediaProperties(): Record<string, string> {
    const media = this._data?.mediaProperties;
    const flat: Record<string, string> = {};
    if (!media || typeof media !== 'object') return flat;
    for (const [key, value] of Object.entries(media as Record<string, unknown>)) {
      if (key !== 'callvariables' && (value === null || typeof value !== 'object')) flat[key] = valueText(value);
    }
    for (const variable of getArray(media.callvariables?.CallVariable) as { name?: unknown; value?: unknown }[]) {
      if (variable && typeof variable.name === 'string') flat[variable.name] = valueText(variable.value);
    }
    return flat;
  }

  /** The participants, always an array; each one's `actions.action` stays a string or an array as received. */
  getParticipants(): Record<string, XmlData>[] {
    return getArray(this._data?.participants?.Participant);
  }

  /** The participant with `mediaAddress`, or undefined. */
  getParticipant(mediaAddress: string): Record<string, XmlData> | undefined {
    return this.getParticipants().find((p) => valueText(p.mediaAddress) === mediaAddress);
  }

  /** The state of the participant with `mediaAddress` ('' when not a participant). */
  getParticipantState(mediaAddress: string): string {
    return valueText(this.getParticipant(mediaAddress)?.state);
  }

  /** The actions the participant with `mediaAddress` may request, always an array. */
  getParticipantActions(mediaAddress: string): string[] {
    return getArray(this.getParticipant(mediaAddress)?.actions?.action as string | string[] | undefined);
  }

  /** PUT `<Dialog><targetMediaAddress/><requestedAction/></Dialog>` (+ any extra Dialog fields). */
  requestAction(targetMediaAddress: string, action: string, handlers?: RequestHandlers, extra: Record<string, unknown> = {}): string {
    const body = json2xml({ Dialog: { targetMediaAddress, requestedAction: action, ...extra } });
    return restWrite('PUT', this.getRestUrl(), body, handlers);
  }

  /** UPDATE_CALL_DATA with the given call variables (`{callVariable1: 'x', 'user.acct': 'y'}`). */
  updateCallVariables(vars: Record<string, unknown>, handlers?: RequestHandlers): string {
    const body = json2xml({
      Dialog: { requestedAction: DIALOG_ACTIONS.UPDATE_CALL_DATA, mediaProperties: { callvariables: { CallVariable: callVariableList(vars ?? {}) } } },
    });
    return restWrite('PUT', this.getRestUrl(), body, handlers);
  }

  /** UPDATE_CALL_DATA with the wrap-up reason label. */
  updateWrapUpReason(wrapUpReason: string, handlers?: RequestHandlers): string {
    const body = json2xml({ Dialog: { requestedAction: DIALOG_ACTIONS.UPDATE_CALL_DATA, mediaProperties: { wrapUpReason } } });
    return restWrite('PUT', this.getRestUrl(), body, handlers);
  }

  /** TRANSFER_SST of the call to `toAddress`, by the agent at `mediaAddress`. */
  initiateDirectTransfer(mediaAddress: string, toAddress: string, handlers?: RequestHandlers): string {
    return this.requestAction(mediaAddress, DIALOG_ACTIONS.TRANSFER_SST, handlers, { toAddress });
  }

  /** CONSULT_CALL to `toAddress` from the agent at `mediaAddress`. */
  initiateConsult(mediaAddress: string, toAddress: string, handlers?: RequestHandlers): string {
    return this.requestAction(mediaAddress, DIALOG_ACTIONS.CONSULT_CALL, handlers, { toAddress });
  }

  /** SEND_DTMF with `dtmfString` as ActionParam. */
  sendDTMFRequest(mediaAddress: string, digits: string, handlers?: RequestHandlers): string {
    return this.requestAction(mediaAddress, DIALOG_ACTIONS.SEND_DTMF, handlers, {
      actionParams: { ActionParam: { name: 'dtmfString', value: digits } },
    });
  }
}
