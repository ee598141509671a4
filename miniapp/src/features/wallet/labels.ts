import { businessDayOf, CHANNEL_NAME_ZH, formatYuan, MOVEMENT_KIND_ZH, type CardProductView, type DeductionRule, type MovementKind, type PaymentChannelName, type TopUpTier } from '@jucard/shared'

/** "充500送50"; a tier without bonus is just "充100". Whole yuan lose their ".00", odd fen keep them. */
export function tierLabel(tier: TopUpTier): string {
  const short = (fen: number) => formatYuan(fen, { symbol: false, grouping: false }).replace(/\.00$/, '')
  return tier.bonusFen > 0 ? `充${short(tier.payFen)}送${short(tier.bonusFen)}` : `充${short(tier.payFen)}`
}

/** The words of docs/glossary.md (shared with the back office and the CSV exports). */
export function movementKindZh(kind: MovementKind): string {
  return MOVEMENT_KIND_ZH[kind]
}

export function channelNameZh(channel: PaymentChannelName): string {
  return CHANNEL_NAME_ZH[channel]
}

function deductionRuleZh(rule: DeductionRule): string {
  switch (rule) {
    case 'PRO_RATA':
      return '消费时按本金与赠送金额的比例同时扣减'
    case 'PRINCIPAL_FIRST':
      return '消费时先扣本金，再扣赠送金额'
    case 'BONUS_FIRST':
      return '消费时先扣赠送金额，再扣本金'
  }
}

/** The card's rules in the words shown before any money is paid: bonus, refund, limits, validity. */
export function productRulesZh(product: CardProductView): string[] {
  return [
    deductionRuleZh(product.deductionRule),
    '赠送金额不可退；退卡时按比例扣除已使用的赠送金额，未使用的本金原路退回',
    `单次充值不低于 ${formatYuan(product.minTopUpFen)}，卡内余额最多 ${formatYuan(product.maxBalanceFen)}`,
    product.validityMonths ? `自领卡起 ${product.validityMonths} 个月内有效` : '本金长期有效',
    product.pointsPerYuan > 0 ? `每消费 1 元得 ${product.pointsPerYuan} 积分` : '本卡不累计积分',
    product.storeIds.length === 0 ? `${product.merchantName} 全部门店可用` : `${product.merchantName} 指定的 ${product.storeIds.length} 家门店可用`
  ]
}

/** "2026年11月25日" in Asia/Shanghai, or "长期有效". */
export function validityZh(expiresAt: string | null): string {
  if (!expiresAt) return '长期有效'
  const at = new Date(expiresAt)
  if (Number.isNaN(at.getTime())) return '长期有效'
  return `有效期至 ${dayZh(businessDayOf(at))}`
}

/** A business day in words: "2027-01-31" → "2027年1月31日". */
export function dayZh(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return `${year}年${month}月${date}日`
}
