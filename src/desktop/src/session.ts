import type { Dialog, User } from './finesse/model';
import type { FinesseRest } from './finesse/rest';
import { Actions } from './session/actions';
import { SessionCore } from './session/core';
import { type DesktopState, type Notice, initialState } from './session/desktop-state';
import { SessionLifecycle } from './session/lifecycle';
import { Loader } from './session/loading';
import { NotificationUpdates } from './session/notification-updates';
import { RecentCalls } from './session/recent-calls';
import { PREFILL_KEY, readJson } from './session/storage';
import { TeamMessagesView } from './session/team-messages';
import { TeamView } from './session/team-view';

export { DEFAULT_LAYOUT, type DesktopState, type Ended, type NodeStatus, type Notice, type Phase, type RecentCall } from './session/desktop-state';
export { signInMessage } from './session/messages';
export { SUPERVISOR_ALLOWED, isAdministrator, isSupervisor, myParticipant } from './session/rules';

/**
 * Everything the desktop knows, kept outside the UI: REST calls, the notification client, and how
 * notifications change the picture. The UI renders snapshots and calls the action methods.
 */
export class DesktopSession {
  private readonly core: SessionCore;
  private readonly teamView: TeamView;
  private readonly actions: Actions;
  private readonly lifecycle: SessionLifecycle;
  private readonly teamMessages: TeamMessagesView;

  constructor() {
    this.core = new SessionCore(initialState(readJson<{ id: string; extension: string }>(PREFILL_KEY) ?? { id: '', extension: '' }));
    const applyUser = (user: User): void => this.lifecycle.applyUser(user);
    const recent = new RecentCalls(this.core);
    this.teamView = new TeamView(this.core);
    this.teamMessages = new TeamMessagesView(this.core);
    const loader = new Loader(this.core, this.teamView, recent, applyUser, this.teamMessages);
    this.actions = new Actions(this.core, loader, this.teamView);
    this.lifecycle = new SessionLifecycle(this.core, loader, this.teamView, recent, new NotificationUpdates(this.core, recent, applyUser, this.teamMessages));
    window.addEventListener('pagehide', () => this.core.client?.leave());
  }

  /** The REST client of the signed-in user (the admin console's only way to the server); null when signed out. */
  get rest(): FinesseRest | null {
    return this.core.rest;
  }

  get(): DesktopState {
    return this.core.state;
  }

  listen(fn: (s: DesktopState) => void): () => void {
    return this.core.listen(fn);
  }

  notify(kind: Notice['kind'], text: string): void {
    this.core.notify(kind, text);
  }

  dismiss(id: number): void {
    this.core.dismiss(id);
  }

  resume(): Promise<void> {
    return this.lifecycle.resume();
  }

  signIn(id: string, password: string, extension: string): Promise<void> {
    return this.lifecycle.signIn(id, password, extension);
  }

  signOut(reasonCodeId?: string): Promise<void> {
    return this.lifecycle.signOut(reasonCodeId);
  }

  backToSignIn(): void {
    this.lifecycle.backToSignIn();
  }

  /** READY / NOT_READY [reason] / LOGOUT [reason] from the state menu. */
  changeState(state: 'READY' | 'NOT_READY' | 'LOGOUT', reasonCodeId?: string): Promise<void> {
    if (state === 'LOGOUT') return this.signOut(reasonCodeId);
    return this.actions.changeState(state, reasonCodeId);
  }

  makeCall(number: string): Promise<void> {
    return this.actions.makeCall(number);
  }

  dialogAction(dialog: Dialog, action: string, options: { toAddress?: string; dtmf?: string } = {}): Promise<void> {
    return this.actions.dialogAction(dialog, action, options);
  }

  setWrapUp(dialog: Dialog, label: string): Promise<void> {
    return this.actions.setWrapUp(dialog, label);
  }

  supervisorChangeState(agent: User, state: 'READY' | 'NOT_READY' | 'LOGOUT'): Promise<void> {
    return this.actions.supervisorChangeState(agent, state);
  }

  monitor(agent: User): Promise<void> {
    return this.actions.monitor(agent);
  }

  barge(agent: User, monitorDialog: Dialog): Promise<void> {
    return this.actions.barge(agent, monitorDialog);
  }

  monitorDialogFor(agent: User): Dialog | null {
    return this.teamView.monitorDialogFor(agent);
  }

  /** A supervisor's message to teams he supervises, shown for `durationSeconds`. */
  sendTeamMessage(content: string, durationSeconds: number, teamIds: string[]): Promise<void> {
    return this.teamMessages.send(content, durationSeconds, teamIds);
  }

  openTeamView(): Promise<void> {
    return this.teamView.open();
  }

  closeTeamView(): Promise<void> {
    return this.teamView.close();
  }
}
