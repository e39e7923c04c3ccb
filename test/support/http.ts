/** A minimal Finesse REST client for tests: Basic auth, XML bodies, the raw status, headers and text. */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
}

export function basic(user: string, password = 'demo'): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { user?: string; password?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.user !== undefined) headers.authorization = basic(options.user, options.password);
  if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/xml';
  }
  const response = await fetch(baseUrl + path, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export const setState = (baseUrl: string, actor: string, target: string, xml: string, requestId?: string): Promise<HttpResult> =>
  request(baseUrl, 'PUT', `/finesse/api/User/${target}`, { user: actor, body: xml, ...(requestId ? { headers: { requestId } } : {}) });
