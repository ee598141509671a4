import { formatYuan, hundredths, type Fen } from '@jucard/shared'

/** Basis points as a percentage: 60 → "0.60%". Integer arithmetic only. */
export function feeRateText(bps: number | null): string {
  if (bps === null) return '—'
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`
}

/** Highest platform fee an operator may set: 10% (1000 bps), as the BFF allows. */
export const MAX_FEE_RATE_BPS = 1000

/** Reads a typed percentage ("0.6", "0.60", "1") into basis points, or null. Digits only, never floats. */
export function parseFeeRatePercent(text: string): number | null {
  const match = /^\s*(\d{1,2})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text)
  if (!match) return null
  const bps = hundredths(match[1] ?? '0', match[2])
  return bps <= MAX_FEE_RATE_BPS ? bps : null
}

/** A money cell: "¥1,234.50"; a missing amount as a dash. */
export function yuanOrDash(fen: Fen | null | undefined): string {
  return fen === null || fen === undefined ? '—' : formatYuan(fen)
}

/** The money field's text for an amount in fen: 12345 → "123.45" (what a person would type). */
export function yuanInputText(fen: Fen): string {
  return formatYuan(fen, { symbol: false, grouping: false })
}
