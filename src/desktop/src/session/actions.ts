import type { Dialog, User } from '../finesse/model';
import { escapeXml } from '../finesse/rest';
import type { SessionCore } from './core';
import type { Loader } from './loading';
import type { TeamView } from './team-view';

/** What the agent and the supervisor ask the server to do: state changes and dialog requests. */
export class Actions {
  constructor(
    private readonly core: SessionCore,
    private readonly loader: Loader,
    private readonly teamView: TeamView,
  ) {}

  async changeState(state: 'READY' | 'NOT_READY', reasonCodeId?: string): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    const rc = reasonCodeId ? `<reasonCodeId>${escapeXml(reasonCodeId)}</reasonCodeId>` : '';
    try {
      const requestId = await core.rest.write('PUT', core.userPath(), `<User><state>${state}</state>${rc}</User>`);
      core.requestLabels.set(requestId, state === 'READY' ? 'Ready' : 'Not Ready');
      if (!core.client?.connected) await this.loader.refreshUser();
    } catch (error) {
      core.reportError(state === 'READY' ? 'Ready' : 'Not Ready', error);
    }
  }

  async makeCall(number: string): Promise<void> {
    const to = number.trim();
    if (!this.core.rest || !to) return;
    await this.dialogRequest(
      'Make call',
      'POST',
      `${this.core.userPath()}/Dialogs`,
      `<Dialog><requestedAction>MAKE_CALL</requestedAction><fromAddress>${escapeXml(this.core.state.extension)}</fromAddress><toAddress>${escapeXml(to)}</toAddress></Dialog>`,
    );
  }

  /** A dialog action the server listed in the participant's `actions`. */
  async dialogAction(dialog: Dialog, action: string, options: { toAddress?: string; dtmf?: string } = {}): Promise<void> {
    let extra = '';
    if (options.toAddress !== undefined) extra += `<toAddress>${escapeXml(options.toAddress)}</toAddress>`;
    if (options.dtmf !== undefined) {
      extra += `<actionParams><ActionParam><name>dtmfString</name><value>${escapeXml(options.dtmf)}</value></ActionParam></actionParams>`;
    }
    await this.dialogRequest(
      action.replace(/_/g, ' ').toLowerCase(),
      'PUT',
      `/Dialog/${encodeURIComponent(dialog.id)}`,
      `<Dialog><requestedAction>${action}</requestedAction><targetMediaAddress>${escapeXml(this.core.state.extension)}</targetMediaAddress>${extra}</Dialog>`,
    );
  }

  async setWrapUp(dialog: Dialog, label: string): Promise<void> {
    await this.dialogRequest(
      'Wrap-up',
      'PUT',
      `/Dialog/${encodeURIComponent(dialog.id)}`,
      `<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties><wrapUpReason>${escapeXml(label)}</wrapUpReason></mediaProperties></Dialog>`,
    );
  }

  async supervisorChangeState(agent: User, state: 'READY' | 'NOT_READY' | 'LOGOUT'): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    const label = { READY: 'Ready', NOT_READY: 'Not Ready', LOGOUT: 'Sign out' }[state];
    try {
      const requestId = await core.rest.write('PUT', core.userPath(agent.loginId), `<User><state>${state}</state></User>`);
      core.requestLabels.set(requestId, `${label} for ${agent.firstName} ${agent.lastName}`);
      if (!core.client?.connected) await this.teamView.loadTeams();
    } catch (error) {
      core.reportError(`${label} for ${agent.firstName} ${agent.lastName}`, error);
    }
  }

  async monitor(agent: User): Promise<void> {
    await this.dialogRequest(
      'Silent monitor',
      'POST',
      `${this.core.userPath()}/Dialogs`,
      `<Dialog><requestedAction>SILENT_MONITOR</requestedAction><fromAddress>${escapeXml(this.core.state.extension)}</fromAddress><toAddress>${escapeXml(agent.extension)}</toAddress></Dialog>`,
    );
  }

  async barge(agent: User, monitorDialog: Dialog): Promise<void> {
    await this.dialogRequest(
      'Barge in',
      'POST',
      `${this.core.userPath()}/Dialogs`,
      `<Dialog><requestedAction>BARGE_CALL</requestedAction><fromAddress>${escapeXml(this.core.state.extension)}</fromAddress><toAddress>${escapeXml(agent.extension)}</toAddress><associatedDialogUri>${escapeXml(monitorDialog.uri || `/finesse/api/Dialog/${monitorDialog.id}`)}</associatedDialogUri></Dialog>`,
    );
  }

  private async dialogRequest(label: string, method: 'PUT' | 'POST', path: string, body: string): Promise<void> {
    const { core } = this;
    if (!core.rest) return;
    try {
      const requestId = await core.rest.write(method, path, body);
      core.requestLabels.set(requestId, label);
      if (!core.client?.connected) await this.loader.loadDialogs();
    } catch (error) {
      core.reportError(label, error);
    }
  }
}
