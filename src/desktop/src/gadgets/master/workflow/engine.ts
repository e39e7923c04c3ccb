import type { User } from '../../../finesse/model.js';
import { child, parseUser, parseXml } from '../../../finesse/xml.js';
import type { MasterLog, MasterRest, WindowOpener } from '../ports.js';
import type { WorkflowDef } from './definitions.js';
import { parseWorkflows } from './definitions.js';
import { actionEventData, type WorkflowActionEventData, workflowApplies } from './evaluate.js';
import { executeAction } from './execute.js';
import { FiredTriggers, triggersOfUpdate } from './triggers.js';
import { type AgentDetails, dialogVariables } from './variables.js';

function agentOf(u: User): AgentDetails {
  return { loginId: u.loginId, extension: u.extension, firstName: u.firstName, lastName: u.lastName, teamId: u.teamId, teamName: u.teamName };
}

export interface WorkflowEngineOptions {
  userId: string;
  rest: MasterRest;
  /** Publishes one `finesse.containerservices.workflowActionEvent`. */
  publish(event: WorkflowActionEventData): void;
  openWindow: WindowOpener;
  log: MasterLog;
}

/**
 * The desktop's workflow engine (gadget reference §5): loads the user's workflows, watches his Dialogs
 * node, and for each workflow a trigger fires (once per dialog and trigger) whose conditions hold, publishes
 * and, when the desktop handles them, runs its actions in order.
 */
export class WorkflowEngine {
  private workflows: WorkflowDef[] = [];
  private agent: AgentDetails | null = null;
  private readonly fired = new FiredTriggers();
  private loading: Promise<void> = Promise.resolve();
  /** Actions run one after the other, in the order their triggers arrived. */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkflowEngineOptions) {}

  get loaded(): readonly WorkflowDef[] {
    return this.workflows;
  }

  /** Settles once the load under way (if any) is over. */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /** (Re)loads the user and his workflows; a failure keeps what was loaded before. */
  load(): Promise<void> {
    this.loading = this.fetch().catch((error) => this.options.log('could not load the workflows', error));
    return this.loading;
  }

  /** An `<Update>` of the user's own node: the agent's extension and team change with sign-in. */
  onUserUpdate(updateXml: string): void {
    const data = child(parseXml(updateXml), 'data');
    const user = child(data, 'user') ?? child(data, 'User');
    if (user) this.agent = agentOf(parseUser(user));
  }

  /** One `<Update>` of the user's Dialogs node (its XML text). Resolves once its actions have run. */
  async onDialogsUpdate(updateXml: string): Promise<void> {
    await this.loading;
    const { hits, deleted } = triggersOfUpdate(updateXml, this.agent?.extension ?? '');
    const events: WorkflowActionEventData[] = [];
    for (const { trigger, dialog } of hits) {
      const vars = dialogVariables(dialog, this.agent);
      for (const workflow of this.workflows) {
        if (workflow.trigger !== trigger || !workflowApplies(workflow, vars)) continue;
        if (!this.fired.claim(dialog.id, trigger, workflow.uri || workflow.name)) continue;
        events.push(...workflow.actions.map((action) => actionEventData(action, vars)));
      }
    }
    for (const id of deleted) this.fired.forget(id);
    for (const event of events) this.options.publish(event);
    this.running = this.running.then(() => this.execute(events));
    return this.running;
  }

  private async execute(events: WorkflowActionEventData[]): Promise<void> {
    const { rest, openWindow, log } = this.options;
    for (const event of events) {
      await executeAction(event, { rest, openWindow, log }).catch((error) => log(`workflow action ${event.name} failed`, error));
    }
  }

  private async fetch(): Promise<void> {
    const base = `/User/${encodeURIComponent(this.options.userId)}`;
    const [user, workflows] = await Promise.all([this.options.rest.finesse('GET', base), this.options.rest.finesse('GET', `${base}/Workflows`)]);
    if (user.status !== 200) throw new Error(`GET ${base} answered ${user.status}`);
    if (workflows.status !== 200) throw new Error(`GET ${base}/Workflows answered ${workflows.status}`);
    this.agent = agentOf(parseUser(parseXml(user.body)));
    this.workflows = parseWorkflows(workflows.body).filter((w) => w.media === '' || w.media === '1');
  }
}
