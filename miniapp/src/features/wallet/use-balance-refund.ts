import { useRef, useState } from 'react'
import { formatYuan, type BalanceRefundView, type CardView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { consumerApi, failureMessageZh } from '../api'
import { newIdempotencyKey } from './idempotency'

export type RefundState =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'done'; refund: BalanceRefundView }
  | { status: 'failed'; messageZh: string }

/**
 * 退卡: unused principal goes back to where it was paid from, the bonus is forfeited, the card closes.
 * The person confirms the two amounts first. One key per intent, reused when the request is retried.
 */
export function useBalanceRefund(onDone: () => void) {
  const [state, setState] = useState<RefundState>({ status: 'idle' })
  const key = useRef<string | null>(null)

  return {
    state,
    async start(card: CardView) {
      const { principalFen, bonusFen } = card.balance
      const sure = await confirmDialog({
        title: '确认退卡？',
        content: `未使用的本金 ${formatYuan(principalFen)} 将原路退回；赠送金额 ${formatYuan(bonusFen)} 不退，将作废。退卡后此卡不能再使用。`,
        confirmText: '确认退卡'
      })
      if (!sure) return
      key.current ??= newIdempotencyKey('refund')
      setState({ status: 'sending' })
      const result = await consumerApi.refundBalance(card.id, key.current)
      if (!result.ok) {
        setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
        return
      }
      key.current = null
      setState({ status: 'done', refund: result.data })
      onDone()
    }
  }
}
