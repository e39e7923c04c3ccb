// finesse.restservices.User (gadget reference §4.2, finesse-reference §4): the signed-in agent, kept current
// from the `/finesse/api/User/{id}` node; its state requests, calls, and the collections under it.
import { getArray } from '../utilities.js';
import { json2xml } from '../xml.js';
import { constantNames } from './names.js';
import { Dialogs } from './dialogs.js';
import { textField, type XmlData } from './fields.js';
import { MediaPropertiesLayout, MediaPropertiesLayouts } from './media-properties-layouts.js';
import { createMediaList } from './media-seam.js';
import { PhoneBooks } from './phone-books.js';
import { Queues } from './queues.js';
import { ReasonCodes, WrapUpReasons } from './reasons.js';
import { type RequestHandlers, restWrite } from './request.js';
import { RestObject, type RestOptions } from './rest-object.js';
import { topicOf } from './updates.js';
import { Workflows } from './workflows.js';

const USER_STATES = constantNames(
  'LOGIN',
  'LOGOUT',
  'NOT_READY',
  'READY',
  'RESERVED',
  'RESERVED_OUTBOUND',
  'RESERVED_OUTBOUND_PREVIEW',
  'TALKING',
  'WORK',
  'WORK_READY',
  'HOLD',
  'UNKNOWN',
);

export interface SupervisedTeam {
  id: string;
  name: string;
}

type ReasonCodeArgument = string | number | { id?: unknown; uri?: unknown; [field: string]: unknown } | null | undefined;

const isHandlers = (v: unknown): v is RequestHandlers =>
  !!v && typeof v === 'object' && (typeof (v as RequestHandlers).success === 'function' || typeof (v as RequestHandlers).error === 'function');

/** A reason code id from an id, a ReasonCode object, or its data (`{id}` or `{uri}`). */
function reasonCodeIdOf(reason: ReasonCodeArgument): string {
  if (reason === null || reason === undefined) return '';
  if (typeof reason !== 'object') return String(reason);
  const withGetter = reason as { getId?: () => string };
  if (typeof withGetter.getId === 'function') return withGetter.getId();
  if (reason.id !== undefined && reason.id !== null) return String(reason.id);
  return typeof reason.uri === 'string' ? (reason.uri.split('/').pop() ?? '') : '';
}

export class User extends RestObject {
  static States = USER_STATES;
  override getRestType(): string {
    return 'User';
  }

  override _notificationTopic(): string | null {
    return topicOf(this.getRestUrl());
  }

  getLoginId(): string {
    return textField(this._data?.loginId) || this.getId();
  }

  getLoginName(): string {
    return textField(this._data?.loginName);
  }

  getFirstName(): string {
    return textField(this._data?.firstName);
  }

  getLastName(): string {
    return textField(this._data?.lastName);
  }

  getExtension(): string {
    return textField(this._data?.extension);
  }

  getState(): string {
    return textField(this._data?.state);
  }

  getPendingState(): string {
    return textField(this._data?.pendingState);
  }

  getStateChangeTime(): string {
    return textField(this._data?.stateChangeTime);
  }

  getReasonCodeId(): string {
    return textField(this._data?.reasonCodeId);
  }

  /** The current reason code object (`{category, code, label, id, uri …}`), or null. */
  getReasonCode(): XmlData {
    return this._data?.ReasonCode ?? this._data?.reasonCode ?? null;
  }

  getTeamId(): string {
    return textField(this._data?.teamId);
  }

  getTeamName(): string {
    return textField(this._data?.teamName);
  }

  getSkillTargetId(): string {
    return textField(this._data?.skillTargetId);
  }

  getMediaType(): string {
    return textField(this._data?.mediaType);
  }

  getWrapUpOnIncoming(): string {
    return textField(this._data?.settings?.wrapUpOnIncoming);
  }

  getWrapUpOnOutgoing(): string {
    return textField(this._data?.settings?.wrapUpOnOutgoing);
  }

  getMobileAgentMode(): string {
    return textField(this._data?.mobileAgent?.mode);
  }

  getMobileAgentDialNumber(): string {
    return textField(this._data?.mobileAgent?.dialNumber);
  }

  isMobileAgent(): boolean {
    return !!this._data?.mobileAgent;
  }

  getRoles(): string[] {
    return getArray(this._data?.roles?.role as string | string[] | undefined).map(textField);
  }

  hasSupervisorRole(): boolean {
    return this.getRoles().includes('Supervisor');
  }

  hasAgentRole(): boolean {
    return this.getRoles().includes('Agent');
  }

  hasAdminRole(): boolean {
    return this.getRoles().includes('Administrator');
  }

  isLoggedIn(): boolean {
    const state = this.getState();
    return state !== '' && state !== USER_STATES.LOGOUT;
  }

  /** The teams the user supervises, `[{id, name}]` ([] for agents). */
  getSupervisedTeams(): SupervisedTeam[] {
    return (getArray(this._data?.teams?.Team) as Record<string, unknown>[]).map((t) => ({ id: textField(t?.id), name: textField(t?.name) }));
  }

  /** PUT `<User><state/>[<reasonCodeId/>]</User>`; `reasonCode` may be an id, a ReasonCode, or left out. */
  setState(state: string, reasonCode?: ReasonCodeArgument | RequestHandlers, handlers?: RequestHandlers): string {
    const onlyHandlers = handlers === undefined && isHandlers(reasonCode);
    const reasonCodeId = onlyHandlers ? '' : reasonCodeIdOf(reasonCode as ReasonCodeArgument);
    const body = json2xml({ User: { state, ...(reasonCodeId ? { reasonCodeId } : {}) } });
    return restWrite('PUT', this.getRestUrl(), body, onlyHandlers ? (reasonCode as RequestHandlers) : handlers);
  }

  /** Signs in on `extension` (with `{mode, dialNumber}` for a mobile agent). */
  login(extension: string, mobileAgent?: { mode?: string; dialNumber?: string } | RequestHandlers | null, handlers?: RequestHandlers): string {
    const onlyHandlers = handlers === undefined && isHandlers(mobileAgent);
    const mobile = onlyHandlers ? null : (mobileAgent as { mode?: string; dialNumber?: string } | null | undefined);
    const user = { state: USER_STATES.LOGIN, extension, ...(mobile?.mode ? { mobileAgent: { mode: mobile.mode, dialNumber: mobile.dialNumber ?? '' } } : {}) };
    return restWrite('PUT', this.getRestUrl(), json2xml({ User: user }), onlyHandlers ? (mobileAgent as RequestHandlers) : handlers);
  }

  logout(reasonCode?: ReasonCodeArgument | RequestHandlers, handlers?: RequestHandlers): string {
    return this.setState(USER_STATES.LOGOUT, reasonCode, handlers);
  }

  /** POST MAKE_CALL from the user's extension to `number`. */
  makeCall(number: string, handlers?: RequestHandlers): string {
    const body = json2xml({ Dialog: { requestedAction: 'MAKE_CALL', fromAddress: this.getExtension(), toAddress: number } });
    return restWrite('POST', `${this.getRestUrl()}/Dialogs`, body, handlers);
  }

  getDialogs(options?: RestOptions): Dialogs {
    return this._child('Dialogs', options, (o) => new Dialogs(o));
  }

  getQueues(options?: RestOptions): Queues {
    return this._child('Queues', options, (o) => new Queues(o));
  }

  getPhoneBooks(options?: RestOptions): PhoneBooks {
    return this._child('PhoneBooks', options, (o) => new PhoneBooks(o));
  }

  getWrapUpReasons(options?: RestOptions): WrapUpReasons {
    return this._child('WrapUpReasons', options, (o) => new WrapUpReasons(o));
  }

  getNotReadyReasonCodes(options?: RestOptions): ReasonCodes {
    return this._child('NotReadyReasonCodes', options, (o) => new ReasonCodes({ ...o, category: 'NOT_READY' }));
  }

  getSignOutReasonCodes(options?: RestOptions): ReasonCodes {
    return this._child('SignOutReasonCodes', options, (o) => new ReasonCodes({ ...o, category: 'LOGOUT' }));
  }

  getMediaPropertiesLayouts(options?: RestOptions): MediaPropertiesLayouts {
    return this._child('MediaPropertiesLayouts', options, (o) => new MediaPropertiesLayouts(o));
  }

  /** The layout that applies to the user (`/User/{id}/MediaPropertiesLayout`). */
  getMediaPropertiesLayout(options?: RestOptions): MediaPropertiesLayout {
    return this._child('MediaPropertiesLayout', options, (o) => new MediaPropertiesLayout(o));
  }

  getWorkflows(options?: RestOptions): Workflows {
    return this._child('Workflows', options, (o) => new Workflows(o));
  }

  /** The user's workflows with their actions (the name gadgets call). */
  loadWorkflows(options?: RestOptions): Workflows {
    return this.getWorkflows(options);
  }

  /** 12.x MediaList (tier 3): built by the factory the services part registers. */
  getMediaList(options?: RestOptions): unknown {
    return this._child('MediaList', options, (o) => createMediaList(this, o));
  }
}
