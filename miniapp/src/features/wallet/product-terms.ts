import type { CardProductView, CardView } from '@jucard/shared'

/**
 * The product's terms (tiers, custom amounts, limits, rules) as the card itself carries them (`CardView.terms`),
 * in the product shape the top-up and card pages use — the same on every device the consumer logs in from.
 */
export function productTerms(card: CardView): CardProductView {
  const { paymentChannels: _channels, ...terms } = card.terms
  return {
    id: card.productId,
    merchantId: card.merchantId,
    merchantName: card.merchantName,
    name: card.productName,
    coverStyle: card.coverStyle,
    logoFileId: null,
    coverFileId: null,
    logoUrl: card.logoUrl,
    coverUrl: card.coverUrl,
    kind: card.kind,
    maxBalanceFen: card.maxBalanceFen,
    validityMonths: null,
    status: 'ACTIVE',
    claimToken: '',
    createdAt: card.createdAt,
    ...terms
  }
}
