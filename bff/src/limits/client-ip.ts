/** The few request fields the client address is read from, on Express and on Fastify alike. */
export interface AddressedRequest {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
}

/**
 * The client's address: the socket's peer, unless `trustedProxies` proxies sit in front, each appending the address
 * it saw to X-Forwarded-For; then the entry the outermost trusted proxy appended. Anything left of it was written by
 * the client and is not believed.
 */
export function clientIp(request: AddressedRequest, trustedProxies: number): string {
  const peer = (request.socket?.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  if (trustedProxies === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies]?.replace(/^::ffff:/, '') ?? peer;
}
