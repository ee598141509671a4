import { shanghaiStamp } from './shanghai-time'

/**
 * Idempotency keys of the till. A sale gets its merchant order number once, when the cashier confirms it;
 * a retry after a network failure reuses it, so the BFF replays the first result instead of charging twice.
 * The same holds for a reversal and its reversal number.
 */

// no I/O/0/1 lookalikes: people read these numbers to each other over the phone
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

function randomTag(random: () => number, length = 6): string {
  let tag = ''
  for (let i = 0; i < length; i++) tag += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return tag
}

function shortId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toUpperCase()
}

/** "H5-1A2B3C-20261125143005-K7Q2ZP": client, store, time, random; readable on a receipt, 31 characters. */
export function newMerchantOrderNo(client: string, storeId: string, now = new Date(), random = Math.random): string {
  return `${client}-${shortId(storeId)}-${shanghaiStamp(now)}-${randomTag(random)}`
}

/** "RV-H5-9F8E7D-20261125143005-K7Q2ZP": like an order number, naming the redemption instead of the store. */
export function newReversalNo(client: string, redemptionId: string, now = new Date(), random = Math.random): string {
  return `RV-${client}-${shortId(redemptionId)}-${shanghaiStamp(now)}-${randomTag(random)}`
}
