import { useRef, useState } from 'react'
import type { ErrorCode, PointsExchangeView, PointsItemView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { consumerApi, failureCode, failureMessageZh, type ApiFailure } from '../api'
import { newIdempotencyKey } from '../wallet/idempotency'

export type ExchangeState =
  | { status: 'idle' }
  | { status: 'sending'; itemId: string }
  | { status: 'done'; exchange: PointsExchangeView }
  | { status: 'failed'; messageZh: string }

/** Refusals that mean the mall changed under the shopper (stock, an item taken off, the card's points): load it again. */
const MALL_CHANGED = new Set<ErrorCode>([
  'POINTS_ITEM_NOT_FOUND',
  'POINTS_ITEM_STOPPED',
  'POINTS_ITEM_SOLD_OUT',
  'POINTS_INSUFFICIENT',
  'COUPON_SOLD_OUT',
  'COUPON_TEMPLATE_STOPPED',
  'COUPON_TEMPLATE_ENDED'
])

/** The shared sentences speak of issuing; in the mall the shopper exchanges. */
const EXCHANGE_ZH: Partial<Record<ErrorCode, string>> = {
  COUPON_LIMIT_REACHED: '这张券你已领满每人限领的张数，不能再兑换',
  COUPON_SOLD_OUT: '这张券已经发完了，不能再兑换'
}

/** A 4xx refusal: the BFF took the whole exchange back, so the attempt is over and nothing was spent. */
const refused = (failure: ApiFailure) => failure.kind === 'rejected' && failure.status < 500

function failedZh(failure: ApiFailure): string {
  const code = failureCode(failure)
  const message = (code && EXCHANGE_ZH[code]) ?? failureMessageZh(failure)
  if (refused(failure)) return `${message}，积分没有扣除`
  // no answer (or a server error): the exchange may have gone through; the same key makes a retry safe
  return `${message}。可以再点一次「兑换」，同一次兑换不会重复扣积分`
}

/**
 * 兑换 in the points mall: asked first (points spent do not come back), then sent with one idempotency key per
 * confirmed attempt. Without a clear answer the key is kept for that item, so the next 兑换 of it is a retry the BFF
 * answers with the first exchange instead of a second one; a success or a refusal ends the attempt.
 */
export function usePointsExchange(cardId: string, onMallChanged: () => void) {
  const [state, setState] = useState<ExchangeState>({ status: 'idle' })
  const attempt = useRef<{ itemId: string; key: string } | null>(null)

  async function exchange(item: PointsItemView): Promise<void> {
    const sure = await confirmDialog({
      title: '确认兑换',
      content: `用 ${item.pointsPrice} 积分兑换「${item.coupon.name}」？兑换后积分不退回`,
      confirmText: '确认兑换'
    })
    if (!sure) return
    if (attempt.current?.itemId !== item.id) attempt.current = { itemId: item.id, key: newIdempotencyKey('exchange') }
    setState({ status: 'sending', itemId: item.id })
    const result = await consumerApi.exchangePoints(cardId, { itemId: item.id, idempotencyKey: attempt.current.key })
    if (!result.ok) {
      if (refused(result.failure)) attempt.current = null
      setState({ status: 'failed', messageZh: failedZh(result.failure) })
      const code = failureCode(result.failure)
      if (code && MALL_CHANGED.has(code)) onMallChanged()
      return
    }
    attempt.current = null
    setState({ status: 'done', exchange: result.data })
    onMallChanged()
  }

  return {
    state,
    exchange: (item: PointsItemView) => void exchange(item),
    dismiss: () => setState({ status: 'idle' })
  }
}

export type PointsExchange = ReturnType<typeof usePointsExchange>
