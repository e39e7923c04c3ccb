import type { ApiError } from './model';
import { parseApiErrors, parseXml } from './xml';

export interface Credentials {
  /** loginId (or loginName before the first GET tells the loginId) */
  id: string;
  password: string;
}

/** A failed REST request: the HTTP status and the Finesse `ApiErrors` of the body, if any. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiError[],
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }

  get first(): ApiError | undefined {
    return this.errors[0];
  }
}

/** A random id for the `requestId` header (works outside secure contexts too, unlike randomUUID). */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** base64 of the UTF-8 `id:password` (Basic auth, and the gadgets' `authorization` pref). */
function base64Credentials(creds: Credentials): string {
  const bytes = new TextEncoder().encode(`${creds.id}:${creds.password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const basic = (creds: Credentials): string => `Basic ${base64Credentials(creds)}`;

export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/**
 * The Finesse REST API with Basic auth: of the server that served this page (`base` empty: same
 * origin), or of another node of its cluster (`base` its origin, `http://host:port`) once the desktop
 * moved there.
 */
export class FinesseRest {
  constructor(
    private readonly creds: Credentials,
    public base = '',
  ) {}

  get id(): string {
    return this.creds.id;
  }

  /** base64 of `id:password`: what gadgets receive as their `authorization` pref, and the proxy's Basic auth. */
  get credentials64(): string {
    return base64Credentials(this.creds);
  }

  /** `timeoutMs`: give up (as on a network failure) when the server has not answered by then. */
  async get(path: string, timeoutMs?: number): Promise<Element> {
    const response = await this.send('GET', path, undefined, undefined, timeoutMs);
    return parseXml(await response.text());
  }

  /** PUT/POST: the server answers 202 and the outcome arrives as a notification. Returns the requestId sent. */
  async write(method: 'PUT' | 'POST', path: string, body: string): Promise<string> {
    const requestId = newRequestId();
    await this.send(method, path, body, requestId);
    return requestId;
  }

  private send(method: string, path: string, body?: string, requestId?: string, timeoutMs?: number): Promise<Response> {
    const options: RestRequest = { method, path };
    if (body !== undefined) {
      options.body = body;
      options.contentType = 'application/xml';
    }
    if (requestId) options.requestId = requestId;
    if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
    return this.request(options);
  }

  /**
   * Any request to the server with the user's Basic auth: under `/finesse/api` (XML `ApiErrors` on
   * failure) or, with `api: 'openfinesse'`, under `/openfinesse/api` (JSON `{ error }` on failure).
   * A body without `contentType` (a FormData) lets the browser set its own.
   */
  async request(options: RestRequest): Promise<Response> {
    const headers: Record<string, string> = { Authorization: basic(this.creds), Accept: options.accept ?? 'application/xml' };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    if (options.requestId) headers.requestId = options.requestId;
    const prefix = options.api === 'openfinesse' ? '/openfinesse/api' : '/finesse/api';
    let response: Response;
    try {
      const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
      const init: RequestInit = { method: options.method, headers, cache: 'no-store', credentials: 'omit' };
      if (options.body !== undefined) init.body = options.body;
      if (signal) init.signal = signal;
      response = await fetch(`${this.base}${prefix}${options.path}`, init);
    } catch {
      throw new RestError(0, [], 'The server cannot be reached. Check the network connection.');
    }
    if (response.ok) return response;
    const errors = await errorsOf(response);
    const first = errors[0];
    throw new RestError(response.status, errors, first ? `${first.type}: ${first.message}` : `${response.status} ${response.statusText}`);
  }
}

export interface RestRequest {
  method: string;
  /** The path under the API's prefix, query included. */
  path: string;
  body?: BodyInit;
  contentType?: string;
  accept?: string;
  requestId?: string;
  timeoutMs?: number;
  api?: 'finesse' | 'openfinesse';
}

/** The errors of a failed answer: Finesse `ApiErrors` (XML) or the control API's `{ error }` (JSON). */
async function errorsOf(response: Response): Promise<ApiError[]> {
  try {
    const body = await response.text();
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      const { error } = JSON.parse(body) as { error?: { type?: string; message?: string; data?: string } };
      return error ? [{ type: error.type ?? '', message: error.message ?? '', data: error.data ?? '' }] : [];
    }
    return parseApiErrors(parseXml(body));
  } catch {
    return [];
  }
}
