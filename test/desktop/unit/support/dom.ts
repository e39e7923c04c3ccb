import { JSDOM } from 'jsdom';

/** The browser globals the desktop's XML code uses (DOMParser, XMLSerializer), from jsdom, for Node tests. */
export function installDom(): void {
  const { window } = new JSDOM('');
  const g = globalThis as Record<string, unknown>;
  g.DOMParser ??= window.DOMParser;
  g.XMLSerializer ??= window.XMLSerializer;
}
