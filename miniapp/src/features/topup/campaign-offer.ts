import { formatYuan, shanghaiDate, type CampaignOfferTier, type CampaignOfferView, type CardProductView, type TopUpTier } from '@jucard/shared'

/** A tier as the top-up page offers it: the product's, or a running campaign's (whose reward then replaces it). */
export interface OfferedTier extends TopUpTier {
  /** 100积分 + 满100减10券: what the campaign gives beyond the bonus; empty for a product tier. */
  extras: string
}

/** The product's tiers with a running campaign's over them (its amounts offered too), smallest first. */
export function offeredTiers(product: CardProductView | null, offer: CampaignOfferView | null): OfferedTier[] {
  const byAmount = new Map<number, OfferedTier>()
  for (const tier of product?.tiers ?? []) byAmount.set(tier.payFen, { payFen: tier.payFen, bonusFen: tier.bonusFen, extras: '' })
  for (const tier of offer?.tiers ?? []) byAmount.set(tier.payFen, { payFen: tier.payFen, bonusFen: tier.bonusFen, extras: extrasText(tier) })
  return [...byAmount.values()].sort((a, b) => a.payFen - b.payFen)
}

function extrasText(tier: CampaignOfferTier): string {
  return [tier.points > 0 ? `${tier.points}积分` : '', ...tier.coupons.map((c) => `${c.name || '优惠'}券`)].filter(Boolean).join(' + ')
}

/** 双十二充值送 · 活动至 2026-12-13 */
export function offerBanner(offer: CampaignOfferView): string {
  return `${offer.name} · 活动至 ${shanghaiDate(new Date(new Date(offer.endsAt).getTime() - 1))}`
}

/** What one tier gives, as the tile's second line: 送 ¥30.00 + 100积分, or 无赠送. */
export function rewardText(tier: OfferedTier): string {
  const parts = [tier.bonusFen > 0 ? formatYuan(tier.bonusFen) : '', tier.extras].filter(Boolean)
  return parts.length > 0 ? `送 ${parts.join(' + ')}` : '无赠送'
}
