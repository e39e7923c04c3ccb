// REST for the experimental 12.x media objects (gadget reference §4.4). openfinesse has no media REST, so
// these requests end in the caller's error handler with the server's 404 response object; nothing throws.
import type { MakeRequestResponse, RestEnvironment } from '../rest/environment.js';
import { authorizationHeader } from '../credentials.js';
import { callSafely, newInvokeId } from '../gadgets-api.js';

export interface MediaDeps {
  env: () => RestEnvironment;
  /** XML text → object (§4.5), finesse.utilities.Utilities.xml2js. */
  toObject: (xml: string) => unknown;
}

export interface RestResponse {
  status: number;
  content: string;
  object: unknown;
}

export interface Handlers {
  success?: (rsp: RestResponse) => void;
  error?: (rsp: RestResponse) => void;
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

function origin(config: Record<string, unknown>): string {
  if (typeof config.host !== 'string' || config.host === '') return '';
  const scheme = typeof config.scheme === 'string' && config.scheme !== '' ? config.scheme : 'http';
  return config.hostPort ? `${scheme}://${config.host}:${config.hostPort}` : `${scheme}://${config.host}`;
}

/** `/finesse/api/User/{id}…` for the given user, else for the signed-in one. */
export function userPath(deps: MediaDeps, suffix: string, userId?: unknown): string {
  const id = typeof userId === 'string' && userId !== '' ? userId : (deps.env().config().id ?? '');
  return `/finesse/api/User/${encodeURIComponent(id)}${suffix}`;
}

function toResponse(deps: MediaDeps, response: MakeRequestResponse): RestResponse {
  const content = typeof response.text === 'string' ? response.text : '';
  let object: unknown = null;
  try {
    object = content ? deps.toObject(content) : null;
  } catch {
    object = null;
  }
  return { status: response.rc, content, object };
}

/** GET (with `?nocache=`), PUT or POST `path`; `done` gets the response object whatever the status. */
export function mediaRequest(deps: MediaDeps, method: 'GET' | 'PUT' | 'POST', path: string, body: string | null, done: (rsp: RestResponse) => void): void {
  let env: RestEnvironment;
  try {
    env = deps.env();
  } catch (error) {
    setTimeout(() => done({ status: 500, content: String(error), object: null }), 0);
    return;
  }
  const config = env.config() as Record<string, unknown>;
  const headers: Record<string, string> = {};
  const authorization = authorizationHeader(config);
  if (authorization) headers.Authorization = authorization;
  if (typeof config.locale === 'string' && config.locale) headers.locale = config.locale;
  if (method !== 'GET') {
    headers.requestId = newInvokeId();
    headers['Content-Type'] = 'application/xml';
  }
  const url = `${origin(config)}${path}${method === 'GET' ? `?nocache=${Date.now()}` : ''}`;
  const params: Record<string, unknown> = { METHOD: method, HEADERS: headers, CONTENT_TYPE: 'TEXT' };
  if (body !== null) params.POST_DATA = body;
  env.makeRequest(url, (response) => done(toResponse(deps, response)), params);
}

/** Calls `success` or `error` of a gadget's handlers object, whichever fits the status (either may be absent). */
export function settle(handlers: unknown, rsp: RestResponse): void {
  if (typeof handlers !== 'object' || handlers === null) return;
  const { success, error } = handlers as Handlers;
  const handler = isSuccess(rsp.status) ? success : error;
  if (typeof handler === 'function') callSafely(handler, rsp);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `<root><name>value</name>…</root>` for the defined fields. */
export function xmlBody(root: string, fields: Record<string, unknown>): string {
  const children = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<${root}>${children}</${root}>`;
}

/** `object[key]` when object is a record. */
export function field(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}
