import type { ServerResponse } from 'node:http';
import type { Element } from '../../xml/element.js';
import { NS } from '../namespaces.js';
import { XmlStreamParser } from '../xml/stream-parser.js';
import type { StreamErrorCondition, StreamParserLimits } from '../xml/stream-parser.js';

/** XEP-0124 wire details: the `<body/>` wrapper, HTTP answers, and reading a request body. */

export const BOSH_VERSION = '1.11';

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Requested-With',
  'Access-Control-Max-Age': '86400',
};

export const BODY_OPEN = `<body xmlns='${NS.httpbind}' xmlns:xmpp='${NS.xbosh}' xmlns:stream='${NS.stream}'`;

export interface ParsedBody {
  attributes: Record<string, string>;
  stanzas: Element[];
}

export function emptyBody(): string {
  return `${BODY_OPEN}/>`;
}

export function respond(res: ServerResponse, body: string | Buffer): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

export function respondTerminate(res: ServerResponse, condition: string, legacyStatus: number): void {
  if (res.writableEnded || res.destroyed) return;
  const status = condition === 'item-not-found' || condition === 'policy-violation' ? 200 : legacyStatus;
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'text/xml; charset=utf-8' });
  res.end(`${BODY_OPEN} type='terminate' condition='${condition}'/>`);
}

export function parseBody(raw: Buffer, limits: StreamParserLimits): ParsedBody | { error: StreamErrorCondition; text: string } {
  let root: Element | null = null;
  const stanzas: Element[] = [];
  let failure: { error: StreamErrorCondition; text: string } | null = null;
  const parser = new XmlStreamParser(
    {
      onRoot: (el) => (root = el),
      onElement: (el) => stanzas.push(el),
      onRootClose: () => undefined,
      onError: (error, text) => (failure ??= { error, text }),
    },
    limits,
  );
  parser.write(raw);
  parser.end();
  if (failure) return failure;
  const body = root as Element | null;
  if (body?.localName !== 'body' || body.attr('xmlns') !== NS.httpbind) return { error: 'bad-format', text: 'expected a BOSH <body/>' };
  return { attributes: body.attributes, stanzas };
}

export function sidIn(text: string): string | undefined {
  return /\ssid=["']([^"']+)["']/.exec(text)?.[1];
}

/** The protocol version a session speaks: the client's `ver` when it is lower than ours. */
export function boshVersion(requested: string | undefined): string {
  const m = /^(\d+)\.(\d+)$/.exec(requested ?? '');
  if (!m) return BOSH_VERSION;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor < 11) ? `${major}.${minor}` : BOSH_VERSION;
}

export function clampInt(value: string | undefined, min: number, max: number, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : fallback;
}
