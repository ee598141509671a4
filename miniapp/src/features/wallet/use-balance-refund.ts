import { useRef, useState } from 'react'
import { formatYuan, type BalanceRefundView, type CardView, type RefundQuoteView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { consumerApi, failureCode, failureMessageZh } from '../api'
import { newIdempotencyKey } from './idempotency'

export type RefundState =
  | { status: 'idle' }
  | { status: 'quoting' }
  | { status: 'quoted'; quote: RefundQuoteView; noticeZh: string | null }
  | { status: 'sending'; quote: RefundQuoteView }
  | { status: 'done'; refund: BalanceRefundView }
  | { status: 'failed'; messageZh: string }

/**
 * 退卡 in two steps: first the calculation (what was paid and given, what was used, what comes back — the used
 * value counts against principal pro rata), then the confirmation of exactly that amount. If the card changed in
 * between, the server refuses and the new calculation is shown to confirm again. One key per intent, reused on retry.
 */
export function useBalanceRefund(onDone: () => void) {
  const [state, setState] = useState<RefundState>({ status: 'idle' })
  const key = useRef<string | null>(null)

  async function quote(card: Pick<CardView, 'id'>, noticeZh: string | null): Promise<void> {
    setState({ status: 'quoting' })
    const result = await consumerApi.refundQuote(card.id)
    setState(result.ok ? { status: 'quoted', quote: result.data, noticeZh } : { status: 'failed', messageZh: failureMessageZh(result.failure) })
  }

  return {
    state,
    /** Shows the calculation; nothing is refunded yet. */
    start: (card: Pick<CardView, 'id'>) => quote(card, null),
    cancel: () => setState({ status: 'idle' }),
    async confirm(quoted: RefundQuoteView) {
      const sure = await confirmDialog({
        title: '确认退卡？',
        content: `${formatYuan(quoted.refundFen)} 将原路退回${quoted.bonusForfeitedFen > 0 ? `，剩余赠送金额 ${formatYuan(quoted.bonusForfeitedFen)} 将作废` : ''}。退卡后此卡不能再使用，且无法撤销。`,
        confirmText: '确认退卡'
      })
      if (!sure) return
      key.current ??= newIdempotencyKey('refund')
      setState({ status: 'sending', quote: quoted })
      const result = await consumerApi.refundBalance(quoted.cardId, key.current, quoted.refundFen)
      if (!result.ok) {
        if (failureCode(result.failure) === 'REFUND_QUOTE_CHANGED') {
          await quote({ id: quoted.cardId }, '卡内余额刚刚有变化，已按最新余额重新计算，请再次确认')
          return
        }
        setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      key.current = null
      setState({ status: 'done', refund: result.data })
      onDone()
    }
  }
}
