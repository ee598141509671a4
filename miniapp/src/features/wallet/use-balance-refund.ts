import { useRef, useState } from 'react'
import { formatYuan, type BalanceRefundView, type CardView, type CoolingOffQuoteView, type RefundQuoteView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { consumerApi, failureCode, failureMessageZh } from '../api'
import { newIdempotencyKey } from './idempotency'

export type RefundState =
  | { status: 'idle' }
  | { status: 'quoting' }
  | { status: 'quoted'; quote: RefundQuoteView; coolingOff: CoolingOffQuoteView | null; noticeZh: string | null }
  | { status: 'sending'; quote: RefundQuoteView; coolingOff: CoolingOffQuoteView | null }
  | { status: 'done'; refund: BalanceRefundView }
  | { status: 'failed'; messageZh: string }

const CHANGED_ZH = '卡内余额刚刚有变化，已按最新余额重新计算，请再次确认'

/**
 * 退卡 in two steps: first the calculation (what was paid and given, what was used, what comes back — the used
 * value counts against principal pro rata) and, where the 冷静期 still covers a top-up, the offer to return that
 * top-up in full and keep the card; then the confirmation of exactly that amount. If the card changed in between,
 * the server refuses and the new figures are shown to confirm again. One key per intent, reused on retry.
 */
export function useBalanceRefund(onDone: () => void) {
  const [state, setState] = useState<RefundState>({ status: 'idle' })
  const key = useRef<string | null>(null)

  async function quote(cardId: string, noticeZh: string | null): Promise<void> {
    setState({ status: 'quoting' })
    const [refund, coolingOff] = await Promise.all([consumerApi.refundQuote(cardId), consumerApi.coolingOffQuote(cardId)])
    if (!refund.ok) {
      setState({ status: 'failed', messageZh: failureMessageZh(refund.failure) })
      return
    }
    // the cooling-off offer is extra: without it (an older server, a hiccup) 退卡 still works
    const offer = coolingOff.ok && coolingOff.data.refundFen > 0 ? coolingOff.data : null
    setState({ status: 'quoted', quote: refund.data, coolingOff: offer, noticeZh })
  }

  async function send(quoted: { quote: RefundQuoteView; coolingOff: CoolingOffQuoteView | null }, request: () => ReturnType<typeof consumerApi.refundBalance>) {
    key.current ??= newIdempotencyKey('refund')
    setState({ status: 'sending', ...quoted })
    const result = await request()
    if (!result.ok) {
      if (failureCode(result.failure) === 'REFUND_QUOTE_CHANGED') {
        // refused, so nothing happened under the key: it stays for the confirmation of the new figures
        await quote(quoted.quote.cardId, CHANGED_ZH)
        return
      }
      setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
      return
    }
    key.current = null
    setState({ status: 'done', refund: result.data })
    onDone()
  }

  return {
    state,
    /** Shows the calculation (and any cooling-off offer); nothing is refunded yet. */
    start: (card: Pick<CardView, 'id'>) => quote(card.id, null),
    cancel: () => setState({ status: 'idle' }),
    async confirm(quoted: { quote: RefundQuoteView; coolingOff: CoolingOffQuoteView | null }) {
      const { quote: q } = quoted
      const sure = await confirmDialog({
        title: '确认退卡？',
        content: `${formatYuan(q.refundFen)} 将原路退回${q.bonusForfeitedFen > 0 ? `，剩余赠送金额 ${formatYuan(q.bonusForfeitedFen)} 将作废` : ''}。退卡后此卡不能再使用，且无法撤销。`,
        confirmText: '确认退卡'
      })
      if (!sure) return
      await send(quoted, () => consumerApi.refundBalance(q.cardId, key.current!, q.refundFen))
    },
    /** 冷静期: the covered top-ups come back in full, their bonus is forfeited, the card stays. */
    async confirmCoolingOff(quoted: { quote: RefundQuoteView; coolingOff: CoolingOffQuoteView }) {
      const { coolingOff } = quoted
      const sure = await confirmDialog({
        title: '确认全额退回？',
        content: `${formatYuan(coolingOff.refundFen)} 将原路退回${coolingOff.bonusForfeitedFen > 0 ? `，随这些充值赠送的 ${formatYuan(coolingOff.bonusForfeitedFen)} 将作废` : ''}。此卡保留，可以继续使用。`,
        confirmText: '确认退回'
      })
      if (!sure) return
      await send(quoted, () => consumerApi.coolingOffRefund(coolingOff.cardId, key.current!, coolingOff.refundFen))
    }
  }
}
