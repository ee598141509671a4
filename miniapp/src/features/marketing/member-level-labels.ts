import { formatYuan, type MembershipView } from '@jucard/shared'

/** A points multiplier in percent as the shop says it: 100 → "×1", 150 → "×1.5", 125 → "×1.25". Integer arithmetic only. */
export function pointsMultiplierZh(pct: number): string {
  const hundredths = String(pct % 100).padStart(2, '0').replace(/0+$/, '')
  return `×${Math.trunc(pct / 100)}${hundredths ? `.${hundredths}` : ''}`
}

/** A level's till discount as the shop says it (percent paid): 95 → "9.5折", 90 → "9折", 100 → "不打折". Integer arithmetic only. */
export function discountRateZh(rate: number): string {
  if (rate >= 100) return '不打折'
  return `${Math.trunc(rate / 10)}${rate % 10 ? `.${rate % 10}` : ''}折`
}

/** "金卡 · 9.5折": a level and its discount at the till; the level alone when it gives none. */
export function levelWithDiscountZh(level: { name: string; discountRate: number }): string {
  return level.discountRate < 100 ? `${level.name} · ${discountRateZh(level.discountRate)}` : level.name
}

/**
 * The card page's membership line: "金卡 · 9.5折 · 消费积分 ×1.5" (no 折 part at full price) and what the next level
 * takes ("再充值 ¥380.00 升级为钻石卡", before the first: "充值满 ¥1,000.00 成为银卡"). Both null when the merchant has no
 * levels. `offerNext: false` leaves the next level out (a card that takes no top-up now).
 */
export function membershipZh(view: MembershipView, { offerNext }: { offerNext: boolean }): { level: string | null; next: string | null } {
  const level = view.level ? `${levelWithDiscountZh(view.level)} · 消费积分 ${pointsMultiplierZh(view.level.pointsMultiplierPct)}` : null
  if (!view.next || !offerNext) return { level, next: null }
  const { level: next, missingFen } = view.next
  if (view.level) return { level, next: `再充值 ${formatYuan(missingFen)} 升级为${next.name}` }
  // nothing counted yet: the threshold itself is what there is to reach
  return { level, next: view.toppedUpFen > 0 ? `再充值 ${formatYuan(missingFen)} 成为${next.name}` : `充值满 ${formatYuan(next.thresholdFen)} 成为${next.name}` }
}
