import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** An address a connection may be pinned to: the text form and its family. */
export interface VettedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system resolver, as browsers use). */
export type Resolve = (host: string) => Promise<VettedAddress[]>;

export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/**
 * Whether an address is an ordinary public one. Anything ipaddr.js puts in a special range is refused:
 * loopback, RFC 1918 private, link-local (169.254.169.254, the cloud metadata service, among them),
 * carrier-grade NAT 100.64/10, 0.0.0.0/8, multicast, broadcast, reserved, unique-local fc00::/7, ::1,
 * unspecified, IPv4-mapped and the IPv6 translation prefixes that can lead to an IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.parse(address).range() === 'unicast';
}

/** Why a host cannot be reached: `denied` (an internal address) or `unresolved` (no address at all). */
export type AddressRefusal = 'denied' | 'unresolved';

/**
 * Resolves `host` once and checks every address it has; the first is the one to connect to, and the
 * connection must be pinned to it (a second resolution could answer otherwise: DNS rebinding). A host
 * with any internal address is refused unless `allowPrivate`.
 */
export async function vetHost(host: string, allowPrivate: boolean, resolve: Resolve): Promise<VettedAddress | AddressRefusal> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  let addresses: VettedAddress[];
  if (isIP(bare) !== 0) addresses = [{ address: bare, family: isIP(bare) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(bare);
    } catch {
      return 'unresolved';
    }
  }
  if (addresses.length === 0) return 'unresolved';
  if (!allowPrivate && !addresses.every((a) => isPublicAddress(a.address))) return 'denied';
  return addresses[0]!;
}
