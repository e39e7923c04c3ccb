import type { GadgetContainerMessage } from '../protocol.js';
import type { GadgetMessage } from './channel.js';
import { type GadgetResponse, type RawResponse, toGadgetResponse } from './io-response.js';
import type { Report } from './report.js';
import { makeEnum } from './util.js';

// gadgets.io (gadget reference §2.4): makeRequest never fetches itself; it sends io.request over the
// channel, the desktop calls its proxy, and the io.response comes back here for the callback.

const RequestParameters = makeEnum([
  'METHOD',
  'CONTENT_TYPE',
  'POST_DATA',
  'HEADERS',
  'AUTHORIZATION',
  'NUM_ENTRIES',
  'GET_SUMMARIES',
  'GET_FULL_HEADERS',
  'REFRESH_INTERVAL',
  'SIGN_OWNER',
  'SIGN_VIEWER',
  'OAUTH_SERVICE_NAME',
  'OAUTH_TOKEN_NAME',
  'OAUTH_REQUEST_TOKEN',
  'OAUTH_REQUEST_TOKEN_SECRET',
  'OAUTH_USE_TOKEN',
  'OAUTH_RECEIVED_CALLBACK',
  'NO_CACHE',
  'ALIAS',
]);
const MethodType = makeEnum(['GET', 'POST', 'PUT', 'DELETE', 'HEAD']);
const ContentType = makeEnum(['TEXT', 'DOM', 'JSON', 'FEED']);
const AuthorizationType = makeEnum(['NONE', 'SIGNED', 'OAUTH', 'OAUTH2']);

type Method = Extract<GadgetContainerMessage, { kind: 'io.request' }>['method'];
type Params = Record<string, unknown>;
type Callback = (response: GadgetResponse) => void;

export function encodeValues(fields: unknown, noEscaping?: boolean): string {
  if (typeof fields !== 'object' || fields === null) return '';
  const encode = (text: string) => (noEscaping ? text : encodeURIComponent(text));
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || typeof value === 'function') continue;
    pairs.push(`${encode(name)}=${encode(String(value))}`);
  }
  return pairs.join('&');
}

function headersOf(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) if (item !== undefined && item !== null) headers[name] = String(item);
  }
  return headers;
}

function bodyOf(method: Method, value: unknown): string | null {
  if (method === 'GET' || method === 'HEAD' || value === undefined || value === null) return null;
  return typeof value === 'object' ? encodeValues(value) : String(value);
}

export interface IoOptions {
  send(message: GadgetMessage): void;
  /** The spec URL: the base of relative request URLs. */
  baseUrl: string;
  createParser(): DOMParser;
  report: Report;
}

export function createIo(options: IoOptions) {
  const pending = new Map<string, { callback: Callback | undefined; contentType: string }>();
  let nextReqId = 1;

  const answerLater = (callback: unknown, rc: number) => {
    if (typeof callback === 'function') setTimeout(() => callback({ rc, text: '', data: null, headers: {}, errors: [`${rc} Error`] }), 0);
  };

  function makeRequest(url: unknown, callback?: Callback, params?: Params): void {
    const p = params ?? {};
    const method = String(p[RequestParameters.METHOD] ?? 'GET').toUpperCase();
    let target: string;
    try {
      target = new URL(String(url), options.baseUrl).href;
    } catch {
      answerLater(callback, 400);
      return;
    }
    if (!Object.hasOwn(MethodType, method)) {
      answerLater(callback, 405);
      return;
    }
    const auth = String(p[RequestParameters.AUTHORIZATION] ?? AuthorizationType.NONE).toUpperCase();
    if (auth !== AuthorizationType.NONE) options.report('warn', `gadgets.io.makeRequest: AUTHORIZATION ${auth} is not supported; sending the request unsigned`);
    const reqId = String(nextReqId++);
    const contentType = String(p[RequestParameters.CONTENT_TYPE] ?? ContentType.TEXT).toUpperCase();
    pending.set(reqId, { callback: typeof callback === 'function' ? callback : undefined, contentType });
    options.send({
      kind: 'io.request',
      reqId,
      url: target,
      method: method as Method,
      headers: headersOf(p[RequestParameters.HEADERS]),
      body: bodyOf(method as Method, p[RequestParameters.POST_DATA]),
      getFullHeaders: Boolean(p[RequestParameters.GET_FULL_HEADERS]),
    });
  }

  function receive(reqId: string, raw: RawResponse): void {
    const request = pending.get(reqId);
    if (!request) return;
    pending.delete(reqId);
    request.callback?.(toGadgetResponse(raw, request.contentType, options.createParser));
  }

  return {
    io: { makeRequest, encodeValues, RequestParameters, MethodType, ContentType, AuthorizationType },
    receive,
  };
}
