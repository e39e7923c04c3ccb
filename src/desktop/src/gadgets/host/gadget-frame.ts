import type { ContainerDialog, DesktopContainerMessage, GadgetContainerMessage, GadgetSecrets } from '../protocol.js';
import { desktopAsksNoCache, type PrefsSlot, readSavedPrefs, renderUrl, savePref } from './container-prefs.js';
import type { FrameLink, GadgetHub, HostLog } from './hub-host.js';
import { mayModifyUrl } from './layout.js';
import { type ProxyTarget, proxyRequest } from './proxy-client.js';

// One gadget instance on the desktop (gadget reference §2.5, §7.1, §7.2): its sandboxed iframe, created
// and recreated here (outside the UI's diffing), and what its container messages change: title, height,
// the loading overlay, prefs, view, reloads. The UI draws `state` and calls the public methods.

/** No allow-same-origin: each gadget runs in its own opaque origin (§7.1). */
export const GADGET_SANDBOX = 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';
export const LOADING_TIMEOUT_MS = 10_000;
export const DEFAULT_FRAME_HEIGHT = 200;

export interface FrameState {
  title: string;
  height: number;
  loading: boolean;
  /** The loading overlay outlived its timeout: offer Retry. */
  timedOut: boolean;
  view: 'default' | 'canvas';
  specUrl: string;
  /** The gadget's ContainerServices dialog, drawn over its card. */
  dialog: ContainerDialog | null;
}

export interface GadgetFrameOptions {
  hub: GadgetHub;
  mid: number;
  specUrl: string;
  tabId: string | null;
  slot: PrefsSlot;
  containerPrefs: () => Record<string, string>;
  secrets: () => Omit<GadgetSecrets, 'nonce' | 'tabId'>;
  proxy: () => ProxyTarget;
  storage: Storage;
  /** The gadget asked for a view; the layout maximises or restores it and calls setView. */
  onNavigate: (view: 'default' | 'canvas') => void;
  desktopOrigin: string;
  log: HostLog;
  loadingTimeoutMs?: number;
}

export function newNonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The last part of a spec URL's path: the title bar's text until the gadget names itself. */
export function specFileName(specUrl: string): string {
  const path = new URL(specUrl).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || specUrl;
}

export class GadgetFrameController {
  state: FrameState;
  private readonly listeners = new Set<(s: FrameState) => void>();
  private container: HTMLElement | null = null;
  private iframe: HTMLIFrameElement | null = null;
  private link: FrameLink | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadingSince = 0;
  private loadingTimeoutMs: number;

  constructor(private readonly options: GadgetFrameOptions) {
    this.loadingTimeoutMs = options.loadingTimeoutMs ?? LOADING_TIMEOUT_MS;
    this.state = {
      title: specFileName(options.specUrl),
      height: DEFAULT_FRAME_HEIGHT,
      loading: true,
      timedOut: false,
      view: 'default',
      specUrl: options.specUrl,
      dialog: null,
    };
  }

  get mid(): number {
    return this.options.mid;
  }

  listen(fn: (s: FrameState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Creates the iframe inside `container` (again after an unmount). */
  mount(container: HTMLElement): void {
    if (this.container === container && this.iframe) return;
    this.remove();
    this.container = container;
    this.create();
  }

  unmount(): void {
    this.remove();
    this.container = null;
  }

  /** The user closed the gadget's dialog. */
  closeDialog(): void {
    this.set({ dialog: null });
  }

  /** A new iframe with a new nonce (container.reload, ReloadGadgetReq, Retry). */
  reload(): void {
    if (!this.container) return;
    this.remove();
    this.set({ loading: true, timedOut: false, dialog: null });
    this.create();
  }

  /** The layout shows the gadget in `view` now: tell the gadget and everyone on the hub. */
  setView(view: 'default' | 'canvas', maxAvailableHeight: number): void {
    this.set({ view });
    this.post({ kind: 'views.changed', view });
    this.options.hub.publish('finesse.containerservices.gadgetViewChangedEvent', {
      gadgetId: String(this.options.mid),
      tabId: this.options.tabId,
      maxAvailableHeight,
      view,
    });
  }

  destroy(): void {
    this.unmount();
    this.listeners.clear();
  }

  private create(): void {
    const { options } = this;
    const nonce = newNonce();
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', GADGET_SANDBOX);
    iframe.name = JSON.stringify({ ...options.secrets(), nonce, tabId: options.tabId } satisfies GadgetSecrets);
    iframe.title = this.state.title;
    iframe.dataset.mid = String(options.mid);
    iframe.className = 'gadget-iframe';
    iframe.style.height = `${this.state.height}px`;
    iframe.addEventListener('load', () => iframe.removeAttribute('name'), { once: true });
    const prefs = { ...options.containerPrefs(), ...readSavedPrefs(options.storage, options.slot) };
    iframe.src = renderUrl(this.state.specUrl, options.mid, this.state.view, prefs, desktopAsksNoCache(window.location.search));
    this.link = options.hub.attach({ mid: options.mid, iframe, nonce, onMessage: (m) => this.onMessage(m) });
    this.iframe = iframe;
    this.container!.appendChild(iframe);
    this.startLoadingTimer();
  }

  private remove(): void {
    clearTimeout(this.timer);
    this.link?.detach();
    this.link = null;
    this.iframe?.remove();
    this.iframe = null;
  }

  private post(message: DesktopContainerMessage): void {
    this.link?.post(message);
  }

  private set(patch: Partial<FrameState>): void {
    this.state = { ...this.state, ...patch };
    if (this.iframe) {
      this.iframe.style.height = `${this.state.height}px`;
      this.iframe.title = this.state.title;
    }
    for (const fn of this.listeners) fn(this.state);
  }

  private startLoadingTimer(): void {
    this.loadingSince = Date.now();
    this.armLoadingTimer();
  }

  /** Retry is offered once the overlay has been up for the loading timeout (the spec's, once the gadget tells it). */
  private armLoadingTimer(): void {
    clearTimeout(this.timer);
    const left = Math.max(0, this.loadingSince + this.loadingTimeoutMs - Date.now());
    this.timer = setTimeout(() => this.set({ timedOut: true }), left);
  }

  private onMessage(message: GadgetContainerMessage): void {
    const { options } = this;
    switch (message.kind) {
      case 'io.request':
        void proxyRequest(options.proxy(), options.mid, this.state.specUrl, message).then((response) => this.post(response));
        return;
      case 'window.height':
        return this.set({ height: message.height });
      case 'window.title':
        return this.set({ title: message.text });
      case 'prefs.set': {
        const refusal = savePref(options.storage, options.slot, message.key, message.value);
        if (refusal) options.log('warn', `gadget ${options.mid}: pref not saved: ${refusal}`);
        return;
      }
      case 'loading.dismiss':
        clearTimeout(this.timer);
        return this.set({ loading: false, timedOut: false });
      case 'loading.show':
        this.set({ loading: true, timedOut: false });
        return this.startLoadingTimer();
      case 'loading.timeout':
        this.loadingTimeoutMs = message.seconds * 1000;
        if (this.state.loading && !this.state.timedOut) this.armLoadingTimer();
        return;
      case 'views.navigate':
        return options.onNavigate(message.view === 'canvas' ? 'canvas' : 'default');
      case 'container.reload':
        return this.reload();
      case 'container.modifyUrl':
        return this.modifyUrl(message.url);
      case 'container.dialog':
        return this.set({ dialog: message.dialog });
      case 'log':
        return options.log(message.level, `gadget ${options.mid}: ${message.text}`);
    }
  }

  private modifyUrl(url: string): void {
    const allowed = mayModifyUrl(url, this.state.specUrl, this.options.desktopOrigin);
    if (!allowed) return this.options.log('warn', `gadget ${this.options.mid}: modifyUrl to ${url} refused`);
    this.set({ specUrl: allowed, title: specFileName(allowed) });
    this.reload();
  }
}
