import type { CardProductView } from '@jucard/shared'
import { getItem, setItem } from '@/platform/storage'

/**
 * The product behind each card (tiers, limits, rules), as the claim page showed it. The BFF's CardView does
 * not carry these yet, so the device keeps what it saw when the card was claimed. A card claimed on another
 * device has none: its pages fall back to a custom amount and the general refund terms.
 */
const KEY = 'jucard.consumer.products'

export async function rememberProduct(product: CardProductView): Promise<void> {
  const known = (await getItem<Record<string, CardProductView>>(KEY)) ?? {}
  known[product.id] = product
  await setItem(KEY, known)
}

export async function productTerms(productId: string): Promise<CardProductView | null> {
  const known = await getItem<Record<string, CardProductView>>(KEY)
  return known?.[productId] ?? null
}
