import { useRef, useState } from 'react'
import type { CardView, PaymentChannelName } from '@jucard/shared'
import { IS_H5 } from '@/platform/env'
import { openPage, replacePage } from '@/platform/navigation'
import { goToCashier, requestMiniProgramPayment } from '@/platform/payment'
import { consumerApi, failureCode, failureMessageZh } from '../api'
import { newIdempotencyKey } from '../wallet/idempotency'
import { realNamePage, topUpPage, topUpResultPage } from '../wallet/routes'

export type PayState = { status: 'idle' } | { status: 'paying' } | { status: 'failed'; messageZh: string }

/**
 * Creates the top-up order and hands over to the channel. The idempotency key belongs to one intent
 * (card, amount, channel): a retry after no answer reuses it, so the order is not created twice.
 */
export function useTopUp(card: CardView) {
  const [state, setState] = useState<PayState>({ status: 'idle' })
  const intent = useRef<{ signature: string; key: string } | null>(null)

  return {
    state,
    /** `acceptedTermsVersion`: the card's 章程 version the consumer ticked on this page, while not yet accepted. */
    async pay(amountFen: number, channel: PaymentChannelName, acceptedTermsVersion?: number) {
      const signature = `${card.id}:${amountFen}:${channel}`
      if (intent.current?.signature !== signature) intent.current = { signature, key: newIdempotencyKey('topup') }
      setState({ status: 'paying' })
      const created = await consumerApi.createTopUp({ cardId: card.id, amountFen, channel, idempotencyKey: intent.current.key, ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }) })
      if (!created.ok) {
        // refused: the next try is a new request; no answer: the order may exist, so the key is kept
        if (created.failure.kind === 'rejected') intent.current = null
        // 实名 first: 实名认证 says why and comes back here once the consumer is verified, to a page without an error
        const code = failureCode(created.failure)
        if (code === 'REAL_NAME_REQUIRED' || code === 'REAL_NAME_REQUIRED_FOR_AMOUNT') {
          setState({ status: 'idle' })
          await openPage(realNamePage(topUpPage(card.id)))
          return
        }
        setState({ status: 'failed', messageZh: failureMessageZh(created.failure) })
        return
      }
      const order = created.data
      if (IS_H5) {
        if (!order.cashierUrl) return setState({ status: 'failed', messageZh: '暂时无法打开支付页面，请换一种支付方式' })
        goToCashier(order.cashierUrl) // the cashier sends the browser back to the result page
        return
      }
      if (!order.miniProgramPayParams) return setState({ status: 'failed', messageZh: '暂时无法发起支付，请换一种支付方式' })
      const paid = await requestMiniProgramPayment(order.miniProgramPayParams)
      if (paid.kind === 'cancelled') return setState({ status: 'failed', messageZh: '已取消支付，卡内余额没有变化' })
      // failed or submitted alike: the result page asks the server what really happened
      await replacePage(topUpResultPage(order.orderId))
    }
  }
}
