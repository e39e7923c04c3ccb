// The user's credentials as the container hands them over (gadget reference §2.3): `authorization` is the
// base64 of `id:password` (UTF-8), `authToken` a bearer token under SSO.

export interface Credentials {
  id: string;
  password: string;
}

function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToUtf8(encoded: string): string {
  const binary = atob(encoded.trim());
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** `id` and `password` from a Basic `authorization`; undefined when it is not base64 of `id:password`. */
export function decodeAuthorization(authorization: string): Credentials | undefined {
  let decoded: string;
  try {
    decoded = base64ToUtf8(authorization);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { id: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function encodeAuthorization(credentials: Credentials): string {
  return utf8ToBase64(`${credentials.id}:${credentials.password}`);
}

export interface AuthSource {
  authorization?: unknown;
  authToken?: unknown;
  systemAuthMode?: unknown;
}

/** The Authorization header value: `Bearer <authToken>` under SSO, else `Basic <authorization>`. */
export function authorizationHeader(config: AuthSource): string | undefined {
  if (config.systemAuthMode === 'SSO' && typeof config.authToken === 'string' && config.authToken !== '') return `Bearer ${config.authToken}`;
  if (typeof config.authorization === 'string' && config.authorization !== '') return `Basic ${config.authorization}`;
  return undefined;
}
