/** Claim tokens as the BFF issues them (cards.dto.ts CLAIM_TOKEN). */
const CLAIM_TOKEN = /^[A-Za-z0-9_-]{16,64}$/

/** The claim token in a scanned QR: a claim link (`…/pages/claim/index?token=…`, `scene=…`) or the bare token; null otherwise. */
export function claimTokenOf(scanned: string): string | null {
  const text = scanned.trim()
  if (CLAIM_TOKEN.test(text)) return text
  const match = /[?&](?:token|scene)=([^&#]+)/.exec(text)
  const token = match?.[1] ? decodeURIComponent(match[1]) : null
  return token && CLAIM_TOKEN.test(token) ? token : null
}
