import type { GadgetBootstrap } from '../protocol.js';
import type { GadgetMessage } from './channel.js';

// gadgets.window, gadgets.views and gadgets.loadingindicator (gadget reference §2.5): requests the
// desktop carries out on the gadget's frame (its height, title bar, view and loading overlay).

export const MAX_HEIGHT = 10_000;

/** The height adjustHeight asks for: a number or numeric string as given, anything else fits the content. */
export function requestedHeight(value: unknown, measure: () => number): number {
  const given = value === undefined || value === null ? Number.NaN : Number.parseInt(String(value), 10);
  const height = Number.isNaN(given) ? Math.ceil(measure()) : given;
  return Math.min(MAX_HEIGHT, Math.max(0, Number.isFinite(height) ? height : 0));
}

export function createWindow(win: Window, send: (message: GadgetMessage) => void) {
  return {
    adjustHeight(height?: unknown): void {
      send({ kind: 'window.height', height: requestedHeight(height, () => win.document.documentElement.scrollHeight) });
    },
    getViewportDimensions(): { width: number; height: number } {
      const root = win.document.documentElement;
      return { width: win.innerWidth || root.clientWidth, height: win.innerHeight || root.clientHeight };
    },
    setTitle(title: unknown): void {
      send({ kind: 'window.title', text: title === undefined || title === null ? '' : String(title) });
    },
  };
}

interface View {
  getName(): string;
  isOnlyVisibleGadget(): boolean;
}

function view(name: string): View {
  return { getName: () => name, isOnlyVisibleGadget: () => false };
}

export function createViews(bootstrap: GadgetBootstrap, send: (message: GadgetMessage) => void) {
  let current = view(bootstrap.view);
  const views = {
    ViewType: { CANVAS: 'canvas', HOME: 'home', PREVIEW: 'preview', PROFILE: 'profile', DEFAULT: 'default' },
    getCurrentView: (): View => current,
    getSupportedViews(): Record<string, View> {
      const supported: Record<string, View> = {};
      for (const name of bootstrap.views) supported[name] = view(name);
      return supported;
    },
    getParams: (): Record<string, string> => ({}),
    requestNavigateTo(target: unknown): void {
      const name = typeof target === 'object' && target !== null && 'getName' in target ? (target as View).getName() : target;
      if (typeof name === 'string' && name !== '') send({ kind: 'views.navigate', view: name });
    },
  };
  return { views, changed: (name: string) => (current = view(name)) };
}

/** The loading overlay is drawn by the desktop; the document's load event dismisses it unless the
 * spec asked for manual-dismiss. */
export function createLoadingIndicator(win: Window, manualDismiss: boolean, send: (message: GadgetMessage) => void) {
  if (!manualDismiss) win.addEventListener('load', () => send({ kind: 'loading.dismiss' }), { once: true });
  return {
    dismiss: () => send({ kind: 'loading.dismiss' }),
    showLoading: () => send({ kind: 'loading.show' }),
  };
}
