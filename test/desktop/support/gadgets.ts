import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { request } from '../../support/http.js';
import type { TestServer } from '../../support/server.js';
import { eventually } from './browser.js';

/**
 * The end-to-end gadget tests' helpers: the fixture gadgets (test/fixtures/gadgets/<name>/, plain gadget
 * XML + JS written against the documented APIs only), the default layout that names them, and each
 * gadget's frame and its `<pre id="log">`, where every fixture writes what it saw.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/gadgets/', import.meta.url));

/** Copies fixture gadget folders into the server's gadget directory, as an administrator may. */
export function installGadgets(server: TestServer, ...names: string[]): void {
  const gadgetDir = server.config.gadgetDir ?? join(server.dataDir, '3rdpartygadget', 'files');
  for (const name of names) cpSync(join(FIXTURES, name), join(gadgetDir, name), { recursive: true });
}

/** The layout URL of a hosted fixture spec. */
export const hosted = (name: string, spec: string): string => `/3rdpartygadget/files/${name}/${spec}`;

export interface TabSpec {
  id: string;
  label: string;
  gadgets: string[];
}

const escaped = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A layout document giving agents and supervisors the same tabs, call control above them. */
export function layoutXml(tabs: TabSpec[]): string {
  const tabXml = tabs
    .map(
      (t) =>
        `<tab><id>${t.id}</id><label>${escaped(t.label)}</label><gadgets>${t.gadgets.map((g) => `<gadget>${escaped(g)}</gadget>`).join('')}</gadgets></tab>`,
    )
    .join('');
  const role = (name: string) => `<layout><role>${name}</role><page><gadget>/desktop/scripts/js/callcontrol.js</gadget></page><tabs>${tabXml}</tabs></layout>`;
  return `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse"><version>1201.0</version>${role('Agent')}${role('Supervisor')}</finesseLayout>`;
}

/** `PUT /finesse/api/LayoutConfig/default` as the administrator. */
export async function setDefaultLayout(baseUrl: string, tabs: TabSpec[]): Promise<void> {
  const body = `<LayoutConfig><layoutxml>${escaped(layoutXml(tabs))}</layoutxml></LayoutConfig>`;
  const r = await request(baseUrl, 'PUT', '/finesse/api/LayoutConfig/default', { user: 'admin', body });
  assert.equal(r.status, 200, r.body);
}

/** The frame of the hosted gadget `name` (its render URL names the spec inside the `url` parameter). */
export function gadgetFrame(page: Page, name: string, timeoutMs = 10_000): Promise<Frame> {
  return eventually(async () => {
    const frame = page.frames().find((f) => {
      const url = safeDecode(f.url());
      return url.includes('/gadgets/ifr') && url.includes(`/3rdpartygadget/files/${name}/`);
    });
    assert.ok(
      frame,
      `no frame for gadget ${name} among ${page
        .frames()
        .map((f) => f.url())
        .join(', ')}`,
    );
    return frame;
  }, timeoutMs);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** What the gadget wrote into its `<pre id="log">` so far. */
export async function logOf(frame: Frame): Promise<string> {
  return (await frame.locator('#log').textContent()) ?? '';
}

/** Waits until the gadget's log matches `pattern`; the whole log. */
export function waitForLog(frame: Frame, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return eventually(async () => {
    const log = await logOf(frame);
    assert.match(log, pattern);
    return log;
  }, timeoutMs);
}

/** The control API plays the outside world: a customer calls `to`. */
export async function ring(baseUrl: string, to: string, from: string, callVariables: Record<string, string> = {}): Promise<void> {
  const r = await request(baseUrl, 'POST', '/openfinesse/api/calls', {
    user: 'admin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, to, callVariables }),
  });
  assert.equal(r.status, 201, r.body);
}
