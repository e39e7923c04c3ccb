import type { DesktopHubMessage } from '../hub/channel.js';
import { HubError, type HubErrorName } from '../hub/errors.js';
import { isJsonValue } from '../hub/json-value.js';
import { isValidPattern, isValidTopic } from '../hub/topics.js';
import type { GadgetMessage } from './channel.js';
import type { Report } from './report.js';

// gadgets.Hub: an OpenAjax Hub 2.0 HubClient over the channel's hub messages (gadget reference §2.6).
// Subscription ids are minted here and returned at once; the desktop's router answers each operation
// with a hub.ack, which becomes the onComplete callback. Delivery (including the publisher's own
// subscriptions) is the router's: this side only hands hub.deliver to the matching onData.

type Callback = (...args: unknown[]) => unknown;

interface Subscription {
  onData: Callback;
  scope: unknown;
  subscriberData: unknown;
}

interface Completion {
  onComplete: Callback | undefined;
  scope: unknown;
}

export interface HubSettings {
  params: Record<string, unknown>;
  onConnect: Callback | undefined;
}

type State = 'idle' | 'connecting' | 'connected' | 'disconnected';

const fail = (name: HubErrorName) => new Error(name);

export class HubClient {
  private state: State = 'idle';
  private nextSubId = 1;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly pendingSubscribe = new Map<string, Completion>();
  private readonly pendingUnsubscribe = new Map<string, Completion>();
  private connectCompletion: Completion | undefined;
  private disconnectCompletion: Completion | undefined;

  constructor(
    private readonly send: (message: GadgetMessage) => void,
    private readonly settings: HubSettings,
    private readonly identity: { clientId: string; partnerOrigin: string },
    private readonly global: unknown,
    private readonly report: Report,
  ) {}

  /** What gadgets see as gadgets.Hub: the HubClient methods and nothing of this object's state. */
  readonly api = {
    subscribe: (topic: unknown, onData: unknown, scope?: unknown, onComplete?: unknown, subscriberData?: unknown) =>
      this.subscribe(topic, onData, scope, onComplete, subscriberData),
    publish: (topic: unknown, data: unknown) => this.publish(topic, data),
    unsubscribe: (subId: unknown, onComplete?: Callback, scope?: unknown) => this.unsubscribe(subId, onComplete, scope),
    isConnected: () => this.isConnected(),
    connect: (onComplete?: Callback, scope?: unknown) => this.connect(onComplete, scope),
    disconnect: (onComplete?: Callback, scope?: unknown) => this.disconnect(onComplete, scope),
    getClientID: () => this.identity.clientId,
    getPartnerOrigin: () => (this.state === 'connected' ? this.identity.partnerOrigin : null),
    getScope: () => this.settings.params.scope ?? this.global,
    getParameters: () => this.settings.params,
    getSubscriberData: (subId: string) => this.subscription(subId).subscriberData,
    getSubscriberScope: (subId: string) => this.subscription(subId).scope,
  };

  /**
   * The container's own connect, once the onload handlers ran: the hub.connect to send first on the
   * port, completing through onConnect(gadgets.Hub, ok, error). None when the gadget disconnected first.
   */
  beginConnect(onConnect: Callback | undefined): GadgetMessage | undefined {
    if (this.state !== 'idle') return undefined;
    this.state = 'connecting';
    this.connectCompletion = { onComplete: onConnect, scope: this.global };
    return { kind: 'hub.connect' };
  }

  private connect(onComplete?: Callback, scope?: unknown): void {
    if (this.state !== 'disconnected') throw fail(HubError.Duplicate);
    this.state = 'connecting';
    this.connectCompletion = { onComplete, scope };
    this.send({ kind: 'hub.connect' });
  }

  private disconnect(onComplete?: Callback, scope?: unknown): void {
    if (this.state === 'disconnected') throw fail(HubError.Disconnected);
    this.state = 'disconnected';
    this.subscriptions.clear();
    this.disconnectCompletion = { onComplete, scope };
    this.send({ kind: 'hub.disconnect' });
  }

  private isConnected(): boolean {
    return this.state === 'connected';
  }

  private subscribe(topic: unknown, onData: unknown, scope?: unknown, onComplete?: unknown, subscriberData?: unknown): string {
    this.requireUsable();
    if (!isValidPattern(topic) || typeof onData !== 'function') throw fail(HubError.BadParameters);
    if (onComplete !== undefined && onComplete !== null && typeof onComplete !== 'function') throw fail(HubError.BadParameters);
    const subId = `${this.identity.clientId}.${this.nextSubId++}`;
    const subScope = scope ?? this.global;
    this.subscriptions.set(subId, { onData: onData as Callback, scope: subScope, subscriberData });
    this.pendingSubscribe.set(subId, { onComplete: (onComplete ?? undefined) as Callback | undefined, scope: subScope });
    this.send({ kind: 'hub.subscribe', subId, topic });
    return subId;
  }

  private publish(topic: unknown, data: unknown): void {
    this.requireUsable();
    if (!isValidTopic(topic) || !isJsonValue(data)) throw fail(HubError.BadParameters);
    this.send({ kind: 'hub.publish', topic, data });
  }

  private unsubscribe(subId: unknown, onComplete?: Callback, scope?: unknown): void {
    this.requireUsable();
    if (typeof subId !== 'string' || subId === '') throw fail(HubError.BadParameters);
    const completion = { onComplete, scope: scope ?? this.global };
    if (!this.subscriptions.delete(subId)) {
      setTimeout(() => complete(completion, subId, false, HubError.NoSubscription), 0);
      return;
    }
    this.pendingUnsubscribe.set(subId, completion);
    this.send({ kind: 'hub.unsubscribe', subId });
  }

  /** A validated hub message from the desktop. */
  receive(message: DesktopHubMessage): void {
    switch (message.kind) {
      case 'hub.deliver': {
        const sub = this.subscriptions.get(message.subId);
        if (sub) guard(() => sub.onData.call(sub.scope, message.topic, message.data, sub.subscriberData));
        return;
      }
      case 'hub.error':
        this.report('warn', `gadgets.Hub: publish on ${message.topic} refused: ${message.error}`);
        return;
      case 'hub.ack':
        this.acknowledge(message.op, message.subId, message.ok, message.error);
    }
  }

  private acknowledge(op: string, subId: string | undefined, ok: boolean, error: HubErrorName | undefined): void {
    if (op === 'connect' && this.state === 'connecting') {
      this.state = ok ? 'connected' : 'disconnected';
      const completion = this.connectCompletion;
      this.connectCompletion = undefined;
      if (completion) complete(completion, this.api, ok, error);
    } else if (op === 'disconnect') {
      const completion = this.disconnectCompletion;
      this.disconnectCompletion = undefined;
      if (completion) complete(completion, this.api, ok, error);
    } else if ((op === 'subscribe' || op === 'unsubscribe') && subId !== undefined) {
      const pending = op === 'subscribe' ? this.pendingSubscribe : this.pendingUnsubscribe;
      const completion = pending.get(subId);
      pending.delete(subId);
      if (op === 'subscribe' && !ok) this.subscriptions.delete(subId);
      if (completion) complete(completion, subId, ok, error);
    }
  }

  private requireUsable(): void {
    if (this.state === 'disconnected') throw fail(HubError.Disconnected);
  }

  private subscription(subId: string): Subscription {
    const sub = this.subscriptions.get(subId);
    if (!sub) throw fail(HubError.NoSubscription);
    return sub;
  }
}

function complete(completion: Completion, first: unknown, ok: boolean, error: HubErrorName | undefined): void {
  const { onComplete, scope } = completion;
  if (typeof onComplete === 'function') guard(() => onComplete.call(scope, first, ok, ok ? undefined : error));
}

/** A gadget callback that throws must not stop the runtime: report it as the browser would. */
function guard(call: () => void): void {
  try {
    call();
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}
