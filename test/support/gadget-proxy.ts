import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basic } from './http.js';

/** `POST /openfinesse/gadgets/proxy` as the desktop sends it (protocol.ts ProxyRequest). */
export interface ProxyCall {
  mid?: number;
  specUrl?: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | null;
  getFullHeaders?: boolean;
}

export interface ProxyAnswer {
  rc: number;
  body: string;
  headers: Record<string, string[]>;
  errors: string[];
}

export const TEST_SPEC_URL = 'http://127.0.0.1/3rdpartygadget/files/test/Test.xml';

/** Calls the proxy as `user` (password `demo`); `http` overrides the desktop's request headers. */
export async function proxyRaw(baseUrl: string, user: string | null, call: ProxyCall, http: Record<string, string | null> = {}): Promise<Response> {
  const body = {
    mid: call.mid ?? 1,
    specUrl: call.specUrl ?? TEST_SPEC_URL,
    url: call.url,
    method: call.method ?? 'GET',
    headers: call.headers ?? {},
    body: call.body ?? null,
    getFullHeaders: call.getFullHeaders ?? true,
  };
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-openfinesse-desktop': '1' };
  if (user !== null) headers.authorization = basic(user);
  for (const [name, value] of Object.entries(http)) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return fetch(`${baseUrl}/openfinesse/gadgets/proxy`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** A proxy call that must answer HTTP 200; its JSON. */
export async function proxy(baseUrl: string, user: string, call: ProxyCall): Promise<ProxyAnswer> {
  const response = await proxyRaw(baseUrl, user, call);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as ProxyAnswer;
}

/** Replaces the gadget allow-list as the administrator; the answer. */
export async function putAllowList(baseUrl: string, entries: unknown[], user = 'admin'): Promise<Response> {
  return fetch(`${baseUrl}/openfinesse/api/gadgets/allowlist`, {
    method: 'PUT',
    headers: { authorization: basic(user), 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });
}

export type TargetHandler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 (port 0) for the proxy to reach, with the routes given by path. */
export async function startTarget(routes: Record<string, TargetHandler>): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0]!;
      const handler = routes[path];
      if (handler) handler(request, Buffer.concat(chunks).toString('utf8'), response);
      else response.writeHead(404).end('no such target');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
