import { type DesktopHubMessage, type GadgetHubMessage, parseGadgetMessage } from '../hub/channel.js';
import type { HubResult } from '../hub/errors.js';
import type { HubPolicy } from '../hub/policy.js';
import { type Denial, type Delivery, HubRouter, MASTER_ID } from '../hub/router.js';
import type { DesktopContainerMessage, GadgetContainerMessage } from '../protocol.js';
import { parseContainerMessage } from './container-messages.js';
import { CONTAINER_REQUESTS_TOPIC, type ContainerHost, serveContainerRequest } from './container-requests.js';

// The desktop end of every gadget channel (gadget reference §2.7, §7.2, §7.3): the one-time handshake
// with each gadget frame, then its MessagePort; hub messages go into the one HubRouter all gadgets and
// the master share, container messages to the frame that owns the port.

export type HostLog = (level: 'debug' | 'info' | 'warn' | 'error', text: string) => void;

export interface GadgetHubOptions {
  /** The window the gadget frames post their hello to (the desktop's). */
  window?: Window;
  policy?: HubPolicy;
  /**
   * Called once with the router, when the hub is ready: where the master services plug in
   * (`startMasterServices`). The handle it returns gets the master's deliveries the hub itself did not
   * subscribe for, and is stopped when the hub closes.
   */
  onMasterReady?: (router: HubRouter) => MasterHandle | undefined;
  log?: HostLog;
}

/** The master services running on the hub's router. */
export interface MasterHandle {
  /** A delivery to MASTER_ID; false when it is not theirs. */
  deliver(delivery: Delivery): boolean;
  stop(): unknown;
}

/** One gadget frame waiting for, or holding, its channel. */
export interface FrameAttachment {
  mid: number;
  iframe: HTMLIFrameElement;
  /** The one-time value put in the frame's name. */
  nonce: string;
  onMessage(message: GadgetContainerMessage): void;
}

export interface FrameLink {
  post(message: DesktopContainerMessage): void;
  /** Drops the channel and the gadget's hub client (its subscriptions go with it). */
  detach(): void;
}

export interface GadgetHub {
  readonly router: HubRouter;
  attach(frame: FrameAttachment): FrameLink;
  /** Publishes as the master. */
  publish(topic: string, data: unknown): void;
  /** Subscribes the master; returns the subscription id. */
  subscribe(pattern: string, onData: (topic: string, data: unknown) => void): string;
  unsubscribe(subId: string): void;
  /** Who answers `finesse.containerservices.requests` (the layout on screen). */
  setContainerHost(host: ContainerHost | null): void;
  close(): void;
}

interface Channel {
  frame: FrameAttachment;
  nonceUsed: boolean;
  port: MessagePort | null;
}

const clientIdOf = (mid: number): string => String(mid);

type Ack = Extract<DesktopHubMessage, { kind: 'hub.ack' }>;

function ackOf(op: Ack['op'], result: HubResult<unknown>, subId?: string): Ack {
  const ack: Ack = { kind: 'hub.ack', op, ok: result.ok };
  if (subId !== undefined) ack.subId = subId;
  if (!result.ok) ack.error = result.error;
  return ack;
}

class GadgetHubHost implements GadgetHub {
  readonly router: HubRouter;
  private readonly win: Window;
  private readonly log: HostLog;
  private readonly channels = new Map<number, Channel>();
  private readonly masterHandlers = new Map<string, (topic: string, data: unknown) => void>();
  private containerHost: ContainerHost | null = null;
  private readonly master: MasterHandle | undefined;
  private readonly onWindowMessage = (event: MessageEvent): void => this.hello(event);

  constructor(options: GadgetHubOptions) {
    this.win = options.window ?? window;
    this.log = options.log ?? ((level, text) => console[level](`[gadgets] ${text}`));
    const onDenied = (d: Denial): void => this.log('warn', `gadget ${d.clientId}: ${d.kind} ${d.topic} refused (${d.reason})`);
    this.router = new HubRouter({ deliver: (d) => this.deliver(d), onDenied, ...(options.policy ? { policy: options.policy } : {}) });
    this.win.addEventListener('message', this.onWindowMessage);
    this.master = options.onMasterReady?.(this.router);
  }

  attach(frame: FrameAttachment): FrameLink {
    const previous = this.channels.get(frame.mid);
    if (previous) this.detach(previous);
    const channel: Channel = { frame, nonceUsed: false, port: null };
    this.channels.set(frame.mid, channel);
    return { post: (message) => channel.port?.postMessage(message), detach: () => this.detach(channel) };
  }

  publish(topic: string, data: unknown): void {
    const result = this.router.publish(MASTER_ID, topic, data);
    if (!result.ok) this.log('warn', `master publish on ${topic} refused: ${result.error}`);
  }

  subscribe(pattern: string, onData: (topic: string, data: unknown) => void): string {
    const result = this.router.subscribe(MASTER_ID, pattern);
    if (!result.ok) throw new Error(result.error);
    this.masterHandlers.set(result.value, onData);
    return result.value;
  }

  unsubscribe(subId: string): void {
    this.masterHandlers.delete(subId);
    this.router.unsubscribe(MASTER_ID, subId);
  }

  setContainerHost(host: ContainerHost | null): void {
    this.containerHost = host;
  }

  close(): void {
    Promise.resolve(this.master?.stop()).catch((error: unknown) => this.log('warn', `the master services did not stop cleanly: ${String(error)}`));
    this.win.removeEventListener('message', this.onWindowMessage);
    for (const channel of [...this.channels.values()]) this.detach(channel);
  }

  private deliver(d: Delivery): void {
    if (d.clientId === MASTER_ID) {
      const handler = this.masterHandlers.get(d.subId);
      if (handler) return handler(d.topic, d.data);
      if (!this.master?.deliver(d)) this.log('debug', `a master delivery on ${d.topic} has no receiver`);
      return;
    }
    this.channels.get(Number(d.clientId))?.port?.postMessage({ kind: 'hub.deliver', subId: d.subId, topic: d.topic, data: d.data });
  }

  private detach(channel: Channel): void {
    const { mid } = channel.frame;
    if (this.channels.get(mid) !== channel) return;
    this.channels.delete(mid);
    channel.port?.close();
    this.router.disconnect(clientIdOf(mid));
  }

  /** A hello is accepted once, from the frame's own window, with its one-time nonce (§7.2). */
  private hello(event: MessageEvent): void {
    const data = event.data as { kind?: unknown; mid?: unknown; nonce?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.kind !== 'openfinesse.hello') return;
    const channel = [...this.channels.values()].find((c) => c.frame.iframe.contentWindow === event.source);
    if (!channel) return this.log('warn', 'a hello from a window that is no gadget frame was ignored');
    const { frame } = channel;
    if (channel.nonceUsed || data.mid !== frame.mid || typeof data.nonce !== 'string' || data.nonce !== frame.nonce) {
      return this.log('warn', `gadget ${frame.mid}: a hello with a wrong or spent nonce was ignored`);
    }
    channel.nonceUsed = true;
    const pipe = new MessageChannel();
    channel.port = pipe.port1;
    pipe.port1.onmessage = (e) => this.onPortMessage(channel, e.data);
    (event.source as Window).postMessage({ kind: 'openfinesse.welcome' }, '*', [pipe.port2]);
  }

  private onPortMessage(channel: Channel, data: unknown): void {
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    if (typeof kind === 'string' && kind.startsWith('hub.')) {
      const parsed = parseGadgetMessage(data);
      if (!parsed.ok) return this.log('warn', `gadget ${channel.frame.mid}: invalid hub message ignored: ${parsed.reason}`);
      return this.onHubMessage(channel, parsed.message);
    }
    const parsed = parseContainerMessage(data);
    if (!parsed.ok) return this.log('warn', `gadget ${channel.frame.mid}: invalid message ignored: ${parsed.reason}`);
    channel.frame.onMessage(parsed.message);
  }

  private onHubMessage(channel: Channel, message: GadgetHubMessage): void {
    const { mid } = channel.frame;
    const port = channel.port!;
    const clientId = clientIdOf(mid);
    switch (message.kind) {
      case 'hub.connect':
        return port.postMessage(ackOf('connect', this.router.connect(clientId)));
      case 'hub.disconnect':
        this.router.disconnect(clientId);
        return port.postMessage(ackOf('disconnect', { ok: true, value: undefined }));
      case 'hub.subscribe':
        return port.postMessage(ackOf('subscribe', this.router.subscribe(clientId, message.topic, message.subId), message.subId));
      case 'hub.unsubscribe':
        return port.postMessage(ackOf('unsubscribe', this.router.unsubscribe(clientId, message.subId), message.subId));
      case 'hub.publish': {
        const result = this.router.publish(clientId, message.topic, message.data);
        if (!result.ok) return port.postMessage({ kind: 'hub.error', topic: message.topic, error: result.error });
        if (message.topic === CONTAINER_REQUESTS_TOPIC && this.containerHost) {
          const refusal = serveContainerRequest(message.data, mid, this.containerHost, (topic, data) => this.publish(topic, data));
          if (refusal) this.log('warn', `gadget ${mid}: container request refused: ${refusal}`);
        }
        return;
      }
    }
  }
}

/** The one hub of the desktop: its router, shared by every gadget and the master services. */
export function createGadgetHub(options: GadgetHubOptions = {}): GadgetHub {
  return new GadgetHubHost(options);
}
