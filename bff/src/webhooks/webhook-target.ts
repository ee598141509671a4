import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. In production a delivery to a private, loopback, link-local or otherwise special address
 * would let a merchant reach the platform's own network (SSRF): refused, both for an address written in the URL
 * and for every address a host name resolves to at connection time (so DNS rebinding cannot slip past a check made
 * earlier). Development and tests deliver to local receivers.
 */
const SPECIAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) SPECIAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) SPECIAL.addSubnet(network, prefix, 'ipv6');

/** True for an address no production webhook may reach. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return SPECIAL.check(address, 'ipv4');
  if (family !== 6) return true;
  // an IPv4 address written as IPv6 (::ffff:10.0.0.1) is that IPv4 address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return SPECIAL.check(mapped[1]!, 'ipv4');
  return SPECIAL.check(address, 'ipv6');
}

export type TargetPolicy = 'public-only' | 'any';

/** The reason a URL cannot be an endpoint under the policy, or null when it can. */
export function targetRefusal(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'credentials in the URL';
  if (policy === 'any') return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'not http(s)';
  if (parsed.protocol !== 'https:') return 'not https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isSpecialAddress(host) ? 'a private or loopback address' : null;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) return 'a local host name';
  return null;
}
