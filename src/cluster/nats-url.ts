/** The `--cluster` URL: where the NATS server is, whether TLS is required, and the credentials it carries. */
export interface NatsAddress {
  /** `host:port` as the NATS client dials it. */
  server: string;
  /** `tls://`: the connection must be encrypted. */
  tls: boolean;
  /** The URL without credentials, for logs, health and error messages. */
  location: string;
  user?: string;
  pass?: string;
  /** A user without a password is a token (`nats://TOKEN@host:4222`), as NATS clients read it. */
  token?: string;
}

export const CLUSTER_URL_HELP = 'nats://host:4222 or tls://host:4222';
const DEFAULT_PORT = '4222';

/** Reads `nats://[user:password@]host[:port]` or `tls://…`; throws naming the accepted forms otherwise. */
export function parseNatsUrl(text: string): NatsAddress {
  const value = text.trim();
  const scheme = /^(nats|tls):\/\//i.exec(value)?.[1]?.toLowerCase();
  const url = scheme && URL.canParse(value) ? new URL(value) : null;
  if (!url?.hostname) throw new Error(`must be ${CLUSTER_URL_HELP}`);
  const server = `${url.hostname}:${url.port || DEFAULT_PORT}`;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const credentials = user && pass ? { user, pass } : user ? { token: user } : {};
  return { server, tls: scheme === 'tls', location: `${scheme}://${server}`, ...credentials };
}

/** The URL as it may be shown (no credentials), or a placeholder for text that is not a NATS URL. */
export function natsLocation(text: string): string {
  try {
    return parseNatsUrl(text).location;
  } catch {
    return 'an invalid NATS URL';
  }
}
