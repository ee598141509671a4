/**
 * A fresh key for one money-moving intent (a top-up, a refund). Kept for that intent and reused on every retry,
 * so a request that timed out can be sent again without paying twice. Unique, not secret: the server only
 * deduplicates on it.
 */
export function newIdempotencyKey(prefix: string): string {
  const random = Array.from({ length: 4 }, () => Math.floor(Math.random() * 0x1_0000_0000).toString(36)).join('')
  return `${prefix}-${Date.now().toString(36)}-${random}`.slice(0, 64)
}
