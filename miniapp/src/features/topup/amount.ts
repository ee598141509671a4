import { formatYuan, parseYuan, type CardProductView, type CardView, type Fen, type TopUpTier } from '@jucard/shared'

export type AmountChoice = { kind: 'tier'; tier: TopUpTier } | { kind: 'custom'; text: string }

export type CheckedAmount = { ok: true; payFen: Fen; bonusFen: Fen } | { ok: false; messageZh: string }

/**
 * What the shopper would pay and get, or why not: a tier as offered, or a typed amount (parsed to fen with
 * `parseYuan`, no float) at or above the product's minimum. Either way the card may not go over its maximum.
 * Without the product's terms on this device the minimum is left to the server.
 */
export function checkAmount(choice: AmountChoice, card: CardView, product: CardProductView | null): CheckedAmount {
  let payFen: Fen
  let bonusFen: Fen = 0
  if (choice.kind === 'tier') {
    payFen = choice.tier.payFen
    bonusFen = choice.tier.bonusFen
  } else {
    if (!choice.text.trim()) return { ok: false, messageZh: '请输入充值金额' }
    const parsed = parseYuan(choice.text)
    if (parsed === null || parsed <= 0) return { ok: false, messageZh: '请输入正确的金额，最多两位小数' }
    if (product && !product.allowCustomAmount) return { ok: false, messageZh: '这张卡只能按档位充值' }
    if (product && parsed < product.minTopUpFen) return { ok: false, messageZh: `单次充值不低于 ${formatYuan(product.minTopUpFen)}` }
    payFen = parsed
  }
  const room = card.maxBalanceFen - card.balance.totalFen
  if (payFen + bonusFen > room) {
    return { ok: false, messageZh: room > 0 ? `卡内余额最多 ${formatYuan(card.maxBalanceFen)}，本次最多还能充 ${formatYuan(room)}` : '卡内余额已达上限，暂时不能充值' }
  }
  return { ok: true, payFen, bonusFen }
}
