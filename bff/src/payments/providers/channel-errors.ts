import type { Channel } from '../channel.port';

/**
 * The channel answered, verified, and said no to a request that has no union to answer with (prepay, bill):
 * a parameter error, an order already paid or closed. Not a reason to fail over, unlike ChannelUnavailableError.
 */
export class ChannelRejectedError extends Error {
  override name = 'ChannelRejectedError';
  constructor(
    readonly channel: Channel,
    /** The channel's own code: WeChat `ORDERPAID`, Alipay `ACQ.TRADE_HAS_SUCCESS`, UnionPay respCode `12`. */
    readonly channelCode: string,
    channelMessage: string,
  ) {
    super(`${channel} refused: ${channelCode} ${channelMessage}`.trim());
  }
}

/** Case-insensitive header lookup (Node lower-cases names; tests and proxies may not). */
export function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
