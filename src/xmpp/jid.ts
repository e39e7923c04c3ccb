/** A parsed JID. Localpart and domain are case-folded (a light nodeprep/nameprep); the resource is kept. */
export interface Jid {
  local: string;
  domain: string;
  resource: string;
}

const MAX_PART = 1023;
const LOCAL_FORBIDDEN = /["&'/:<>@\s]/;

export function parseJid(value: string): Jid | null {
  const slash = value.indexOf('/');
  const bareText = slash < 0 ? value : value.slice(0, slash);
  const resource = slash < 0 ? '' : value.slice(slash + 1);
  const at = bareText.indexOf('@');
  const local = at < 0 ? '' : bareText.slice(0, at);
  const domain = (at < 0 ? bareText : bareText.slice(at + 1)).toLowerCase();
  if (domain.length === 0 || domain.length > MAX_PART || /[@\s/]/.test(domain)) return null;
  if (at >= 0 && (local.length === 0 || local.length > MAX_PART || LOCAL_FORBIDDEN.test(local))) return null;
  if (slash >= 0 && (resource.length === 0 || resource.length > MAX_PART)) return null;
  return { local: local.toLowerCase(), domain, resource };
}

export function bareJid(jid: Jid): string {
  return jid.local ? `${jid.local}@${jid.domain}` : jid.domain;
}

export function fullJid(jid: Jid): string {
  return jid.resource ? `${bareJid(jid)}/${jid.resource}` : bareJid(jid);
}

/** The bare JID of an account: the loginId case-folded, as nodeprep does. */
export function accountJid(loginId: string, domain: string): string {
  return `${loginId.toLowerCase()}@${domain}`;
}

/** Resource names a client may ask for: printable, no control characters. */
export function isValidResource(resource: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return resource.length > 0 && Buffer.byteLength(resource) <= MAX_PART && !/[\u0000-\u001f\u007f]/.test(resource);
}
