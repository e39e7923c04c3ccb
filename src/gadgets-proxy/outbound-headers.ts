/** Headers that belong to one connection (RFC 9110 §7.6.1) or that the proxy sets itself. */
const NEVER_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'cookie2',
  'content-length',
  'accept-encoding',
  'expect',
]);

/** An HTTP field name (RFC 9110 token); anything else would make the request fail. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** Whether two Authorization values are the same credentials (the scheme is case-insensitive). */
function sameCredentials(a: string, b: string): boolean {
  const split = (v: string) => {
    const [scheme = '', ...rest] = v.trim().split(/\s+/);
    return `${scheme.toLowerCase()} ${rest.join(' ')}`;
  };
  return split(a) === split(b);
}

/**
 * The headers sent to an external target: the gadget's, without Cookie, Host, hop-by-hop headers (also
 * those its Connection header names) and — unless the entry forwards credentials — an Authorization
 * equal to the user's own. The body is sent as is (identity encoding asked for, so it can be read as text).
 */
export function outboundHeaders(gadget: Record<string, string>, userAuthorization: string | null, forwardCredentials: boolean): Record<string, string> {
  const named = new Set(
    Object.entries(gadget)
      .filter(([name]) => name.toLowerCase() === 'connection')
      .flatMap(([, value]) => value.split(',').map((v) => v.trim().toLowerCase())),
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(gadget)) {
    const lower = name.toLowerCase();
    if (NEVER_FORWARDED.has(lower) || named.has(lower) || !HEADER_NAME.test(name) || /[^\t\x20-\x7e\x80-\xff]/.test(value)) continue;
    if (lower === 'authorization' && !forwardCredentials && userAuthorization !== null && sameCredentials(value, userAuthorization)) continue;
    headers[lower] = value;
  }
  headers['accept-encoding'] = 'identity';
  return headers;
}

/** The target's response headers as the gadget gets them: lower-case name → values, never a cookie. */
export function inboundHeaders(headers: NodeJS.Dict<string[]>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (values === undefined || name === 'set-cookie' || name === 'set-cookie2' || NEVER_FORWARDED.has(name)) continue;
    result[name] = values;
  }
  return result;
}
