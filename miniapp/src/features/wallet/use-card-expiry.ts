import { useState } from 'react'
import { formatYuan, type CardReplacementView, type CardView } from '@jucard/shared'
import { confirmDialog, toast } from '@/platform/dialog'
import { consumerApi, failureMessageZh } from '../api'
import { validityZh } from './labels'

export type CardExpiryState =
  | { status: 'idle' }
  | { status: 'busy'; textZh: string }
  | { status: 'replaced'; replacement: CardReplacementView }
  | { status: 'failed'; messageZh: string }

/**
 * An expired card on the card page (docs/compliance.md §7): its balance is never forfeited; the holder asks for a
 * new validity period (重新激活) or a new card number with every balance (换新卡, asked first: the old number closes).
 */
export function useCardExpiry(onChanged: () => void) {
  const [state, setState] = useState<CardExpiryState>({ status: 'idle' })
  const fail = (messageZh: string) => setState({ status: 'failed', messageZh })

  return {
    state,
    async reactivate(card: Pick<CardView, 'id'>): Promise<void> {
      setState({ status: 'busy', textZh: '正在重新激活…' })
      const result = await consumerApi.reactivateCard(card.id)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'idle' })
      toast(`已重新激活，${validityZh(result.data.expiresAt)}`)
      onChanged()
    },
    async replace(card: Pick<CardView, 'id' | 'cardNo' | 'balance'>): Promise<void> {
      const ok = await confirmDialog({
        title: '换一张新卡？',
        content: `将为您换发一张新卡号的会员卡，余额 ${formatYuan(card.balance.totalFen)} 和积分 ${card.balance.points} 全部转入新卡，有效期重新计算。原卡号（尾号 ${card.cardNo.slice(-4)}）将永久注销。`,
        confirmText: '确认换卡',
      })
      if (!ok) return
      setState({ status: 'busy', textZh: '正在换卡…' })
      const result = await consumerApi.replaceExpiredCard(card.id)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'replaced', replacement: result.data })
      onChanged()
    },
  }
}
