import { register } from 'node:module';
import { JSDOM } from 'jsdom';

/** Every frame the desktop's WebSocket sent, for tests that count XMPP requests. */
export const sentFrames: string[] = [];

/**
 * Lets the desktop's NotificationClient (Strophe over WebSocket) run in Node against a real server: jsdom's
 * window, DOMParser and WebSocket as globals (the WebSocket keeps what it sends in `sentFrames`), and
 * `strophe.js` resolved to its browser build (its Node build needs @xmldom/xmldom, which the desktop does
 * not use). Import the desktop modules dynamically after calling this.
 */
export function installBrowserClient(pageUrl: string): void {
  const dom = new JSDOM('', { url: pageUrl });
  const w = dom.window as unknown as Record<string, unknown>;
  const BaseSocket = w.WebSocket as typeof WebSocket;
  class RecordingSocket extends BaseSocket {
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      sentFrames.push(String(data));
      super.send(data);
    }
  }
  const g = globalThis as Record<string, unknown>;
  g.window = dom.window;
  g.document = dom.window.document;
  g.WebSocket = RecordingSocket;
  for (const name of ['DOMParser', 'XMLSerializer', 'Node', 'Element', 'Document']) g[name] = w[name];
  const strophe = new URL('../../../../node_modules/strophe.js/dist/strophe.esm.js', import.meta.url).href;
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'strophe.js' ? { url: ${JSON.stringify(strophe)}, shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
