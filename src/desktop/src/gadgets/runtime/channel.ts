import type { DesktopContainerMessage, GadgetContainerMessage, GadgetHello } from '../protocol.js';
import { CallQueue, CallQueueFull } from '../hub/call-queue.js';
import { type DesktopHubMessage, type GadgetHubMessage, parseDesktopMessage } from '../hub/channel.js';
import { parseDesktopContainerMessage } from './container-messages.js';
import type { Report } from './report.js';

// The runtime's end of the private channel to the desktop (gadget reference §2.7, §7.2): the hello to
// the parent window, exactly one welcome carrying a MessagePort, then only that port. Everything sent
// before the port is up waits in one queue and goes out in order when it opens.

export type GadgetMessage = GadgetHubMessage | GadgetContainerMessage;

export interface ChannelHandlers {
  hub(message: DesktopHubMessage): void;
  container(message: DesktopContainerMessage): void;
  report: Report;
}

export interface HandshakeSettings {
  mid: number;
  nonce: string;
  desktopOrigin: string;
}

export class Channel {
  private readonly queue = new CallQueue<GadgetMessage>();
  private port: MessagePort | undefined;
  private overflowReported = false;

  constructor(private readonly handlers: ChannelHandlers) {}

  get isOpen(): boolean {
    return this.port !== undefined;
  }

  /** Sends now when the port is up, else queues (a document outside the desktop drops past the cap). */
  send(message: GadgetMessage): void {
    try {
      this.queue.push(message);
    } catch (error) {
      if (!(error instanceof CallQueueFull)) throw error;
      if (!this.overflowReported) console.warn(`openfinesse gadget runtime: ${error.message}; dropping further messages`);
      this.overflowReported = true;
    }
  }

  /**
   * Posts the hello to `parent` and waits for the welcome. `first` goes out on the port before the
   * queued messages (the hub's connect, so the desktop registers the client before its first call).
   */
  handshake(win: Window, settings: HandshakeSettings, first: GadgetMessage | undefined): void {
    const parent = win.parent;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== parent || !isWelcome(event.data) || event.ports?.length !== 1) return;
      win.removeEventListener('message', onMessage);
      this.open(event.ports[0]!, first);
    };
    win.addEventListener('message', onMessage);
    const hello: GadgetHello = { kind: 'openfinesse.hello', mid: settings.mid, nonce: settings.nonce };
    try {
      parent.postMessage(hello, settings.desktopOrigin);
    } catch (error) {
      win.removeEventListener('message', onMessage);
      this.handlers.report('error', `openfinesse gadget runtime: cannot reach the desktop (${String(error)})`);
    }
  }

  private open(port: MessagePort, first: GadgetMessage | undefined): void {
    this.port = port;
    port.onmessage = (event: MessageEvent) => this.receive(event.data);
    if (first) port.postMessage(first);
    this.queue.open((message) => port.postMessage(message));
  }

  private receive(data: unknown): void {
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    if (typeof kind === 'string' && kind.startsWith('hub.')) {
      const parsed = parseDesktopMessage(data);
      if (parsed.ok) this.handlers.hub(parsed.message);
      else this.handlers.report('warn', `openfinesse gadget runtime: ignored a hub message (${parsed.reason})`);
      return;
    }
    const message = parseDesktopContainerMessage(data);
    if (message) this.handlers.container(message);
    else this.handlers.report('warn', `openfinesse gadget runtime: ignored a message of kind ${String(kind)}`);
  }
}

function isWelcome(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return keys.length === 1 && (data as { kind?: unknown }).kind === 'openfinesse.welcome';
}
