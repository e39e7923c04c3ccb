import type { ConnectionStatus } from '../../finesse/connection-state.js';
import { type Delivery, type HubRouter, MASTER_ID } from '../hub/router.js';
import { ClientLogBatcher } from './client-log.js';
import { ConnectionStatusMapper } from './connection-status.js';
import { handleInfoRequest, INFO_CONNECTION, INFO_REQUESTS } from './info-requests.js';
import { NodeSubscriptions } from './node-subscriptions.js';
import { browserClock, type MasterClock, type MasterLog, type MasterNotifications, type MasterRest, type TimerHandle, type WindowOpener } from './ports.js';
import { WorkflowEngine } from './workflow/engine.js';
import { xmlTextToObject } from './xml-object.js';

// The desktop's side of the hub protocol (gadget reference §3): it republishes every XMPP item on
// `finesse.api.*`, answers `finesse.info.requests`, publishes the connection status, forwards gadget logs
// to the server, ticks the timer, and runs the workflow engine (§5).

export const CLIENT_LOGGING_PREFIX = 'finesse.clientLogging.';
export const TIMER_TICK = 'finesse.containerservices.timerTickEvent';
export const WORKFLOW_ACTION_EVENT = 'finesse.containerservices.workflowActionEvent';
export const TICK_MS = 1000;

const SUB_REQUESTS = 'openfinesse.master.info.requests';
const SUB_CLIENT_LOGGING = 'openfinesse.master.clientLogging';

/** `finesse.containerservices.timerTickEvent` payload ([design]: the reference leaves the names open). */
export interface TimerTickData {
  /** Epoch ms at which this tick was queued. */
  dateQueued: number;
  /** Milliseconds between two ticks. */
  tickFrequency: number;
}

/** The hub topic of an XMPP node: `/finesse/api/User/1001/Dialogs` → `finesse.api.User.1001.Dialogs`. */
export function nodeTopic(node: string): string {
  return node.replace(/^\//, '').replace(/\//g, '.');
}

export interface MasterServicesOptions {
  router: HubRouter;
  notifications: MasterNotifications;
  rest: MasterRest;
  userId: string;
  clock?: MasterClock;
  openWindow?: WindowOpener;
  log?: MasterLog;
}

export class MasterServices {
  private readonly router: HubRouter;
  private readonly clock: MasterClock;
  private readonly log: MasterLog;
  private readonly status = new ConnectionStatusMapper();
  private readonly subscriptions: NodeSubscriptions;
  private readonly clientLog: ClientLogBatcher;
  readonly workflows: WorkflowEngine;
  private tick: TimerHandle | null = null;
  private started = false;

  constructor(private readonly options: MasterServicesOptions) {
    this.router = options.router;
    this.clock = options.clock ?? browserClock;
    this.log = options.log ?? ((message, error) => console.warn(`openfinesse: ${message}`, error ?? ''));
    this.subscriptions = new NodeSubscriptions(options.notifications, options.userId);
    this.clientLog = new ClientLogBatcher(options.userId, options.rest, this.clock, this.log);
    this.workflows = new WorkflowEngine({
      userId: options.userId,
      rest: options.rest,
      publish: (event) => this.publish(WORKFLOW_ACTION_EVENT, event),
      openWindow: options.openWindow ?? ((url, name) => void window.open(url, name)),
      log: this.log,
    });
  }

  /** Subscribes the master's topics and starts the timer; `current`: the connection's state now. */
  start(current: ConnectionStatus): void {
    if (this.started) return;
    this.started = true;
    this.router.subscribe(MASTER_ID, INFO_REQUESTS, SUB_REQUESTS);
    this.router.subscribe(MASTER_ID, `${CLIENT_LOGGING_PREFIX}**`, SUB_CLIENT_LOGGING);
    this.tick = this.clock.setInterval(() => this.onTick(), TICK_MS);
    this.onConnectionStatus(current);
  }

  /** A delivery of the router addressed to MASTER_ID; false when it is none of the master services'. */
  deliver(delivery: Delivery): boolean {
    if (delivery.clientId !== MASTER_ID) return false;
    if (delivery.subId === SUB_REQUESTS) {
      void handleInfoRequest(delivery.data, {
        publish: (topic, data) => this.publish(topic, data),
        connectionInfo: () => this.connectionInfo(),
        subscriptions: this.subscriptions,
      });
      return true;
    }
    if (delivery.subId === SUB_CLIENT_LOGGING) {
      this.clientLog.add(delivery.topic.slice(CLIENT_LOGGING_PREFIX.length), delivery.data);
      return true;
    }
    return false;
  }

  /** One pubsub item: its node and `<Update>` text. Resolves once the workflow engine has dealt with it. */
  async onItem(node: string, updateXml: string): Promise<void> {
    let object: unknown;
    try {
      object = xmlTextToObject(updateXml);
    } catch (error) {
      return this.log(`an item of ${node} is not XML`, error);
    }
    this.publish(nodeTopic(node), { content: updateXml, object });
    const own = `/finesse/api/User/${this.options.userId}`;
    if (node === own) this.workflows.onUserUpdate(updateXml);
    else if (node === `${own}/Dialogs`) await this.workflows.onDialogsUpdate(updateXml).catch((error) => this.log('workflow evaluation failed', error));
  }

  /** Every state change of the XMPP client: publishes the gadgets' status when it changed; (re)loads workflows on connection. */
  onConnectionStatus(status: ConnectionStatus): void {
    const changed = this.status.apply(status.state);
    if (changed !== null) this.publish(INFO_CONNECTION, this.connectionInfo());
    if (status.state === 'connected' && changed !== null) void this.workflows.load();
  }

  connectionInfo(): { status: string; resourceID: string } {
    return { status: this.status.status, resourceID: this.options.notifications.resource() };
  }

  async stop(): Promise<void> {
    if (this.tick !== null) this.clock.clearInterval(this.tick);
    this.tick = null;
    if (!this.started) return;
    this.started = false;
    this.router.unsubscribe(MASTER_ID, SUB_REQUESTS);
    this.router.unsubscribe(MASTER_ID, SUB_CLIENT_LOGGING);
    await Promise.all([this.clientLog.stop(), this.subscriptions.releaseAll()]);
  }

  private onTick(): void {
    if (!this.router.hasSubscribers(TIMER_TICK)) return;
    const data: TimerTickData = { dateQueued: this.clock.now(), tickFrequency: TICK_MS };
    this.publish(TIMER_TICK, data);
  }

  private publish(topic: string, data: unknown): void {
    const result = this.router.publish(MASTER_ID, topic, data);
    if (!result.ok) this.log(`could not publish on ${topic}: ${result.error}`);
  }
}
