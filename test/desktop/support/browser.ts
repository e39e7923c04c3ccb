import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import type { ServerConfig } from '../../../src/config.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** Debian's chromium (scripts/test.sh installs it); a downloaded browser is never used. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OUTPUT_DIR = join(ROOT, 'test-output', 'desktop');

/** The tests drive the built desktop the server serves; build it when a test run starts without it. */
export function ensureDesktopBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'desktop', 'index.html'))) return;
  execFileSync('npm', ['run', 'build:desktop', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A demo server (with `config`) and a browser for one test file, the desktop built first. */
export async function startDesktop(config: Partial<ServerConfig> = {}): Promise<{ server: TestServer; browser: Browser }> {
  ensureDesktopBuilt();
  const server = await startTestServer(config);
  return { server, browser: await launchBrowser() };
}

export async function stopDesktop(server: TestServer | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/** What a page did that the desktop must never do: console errors, uncaught exceptions, foreign requests. */
export interface PageWatch {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
  navigations: number;
  /** Allows these console errors (e.g. the browser's own "Failed to load resource: 401" on a wrong password). */
  expectConsoleErrors(pattern: RegExp): void;
  problems(): string[];
}

/**
 * A context at 1280×720 whose requests may only go to the test server (and the servers of `alsoUrls`:
 * the other nodes of a cluster); anything else is aborted and recorded.
 */
export async function openDesktop(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 720 },
  alsoUrls: string[] = [],
): Promise<{ context: BrowserContext; watch: PageWatch }> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const allowed = [baseUrl, ...alsoUrls].flatMap((url) => {
    const origin = new URL(url);
    return [origin.origin, `ws://${origin.host}`, `wss://${origin.host}`];
  });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const allowedErrors: RegExp[] = [];
  const watch: PageWatch = {
    page,
    consoleErrors: [],
    pageErrors: [],
    foreignRequests: [],
    navigations: 0,
    expectConsoleErrors(pattern) {
      allowedErrors.push(pattern);
    },
    problems() {
      return [
        ...watch.consoleErrors.filter((e) => !allowedErrors.some((p) => p.test(e))).map((e) => `console error: ${e}`),
        ...watch.pageErrors.map((e) => `page error: ${e}`),
        ...watch.foreignRequests.map((u) => `request outside the server: ${u}`),
      ];
    },
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed.some((a) => url.startsWith(a))) return route.continue();
    watch.foreignRequests.push(url);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!allowed.some((a) => r.url().startsWith(a))) watch.foreignRequests.push(r.url());
  });
  page.on('websocket', (ws) => {
    if (!allowed.some((a) => ws.url().startsWith(a))) watch.foreignRequests.push(ws.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(`${m.text()} ${m.location().url}`.trim());
  });
  page.on('pageerror', (e) => watch.pageErrors.push(String(e)));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) watch.navigations++;
  });
  return { context, watch };
}

export async function signIn(page: Page, baseUrl: string, id: string, extension: string, password = 'demo'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('ID', { exact: true }).fill(id);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Extension', { exact: true }).fill(extension);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) });
}

/** Retries `check` until it stops throwing or `timeoutMs` passes (then rethrows its last error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Every notification WebSocket the desktop opens passes through the test: on to the server, or closed as
 * a network failure while `cutOff()` says so. Returns the routes that went through, newest last.
 */
export async function routeNotificationSockets(context: BrowserContext, cutOff: () => boolean = () => false): Promise<WebSocketRoute[]> {
  const sockets: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/ws\/?$/, (ws) => {
    if (cutOff()) return void ws.close({ code: 1001, reason: 'network down' });
    sockets.push(ws);
    ws.connectToServer();
  });
  return sockets;
}
