import { useState } from 'react'
import { formatYuan, type CardReplacementView, type CardView } from '@jucard/shared'
import { confirmDialog, toast } from '@/platform/dialog'
import { consumerApi, failureMessageZh } from '../api'

export type CardLossState =
  | { status: 'idle' }
  | { status: 'busy'; textZh: string }
  | { status: 'code-sent'; phoneMasked: string }
  | { status: 'replaced'; replacement: CardReplacementView }
  | { status: 'failed'; messageZh: string }

/**
 * 挂失 / 解挂 / 补卡 on the card page. 挂失 and 补卡 each ask first (补卡 cannot be undone: the old number is gone for
 * good); 解挂 asks for an SMS code to the account's phone, the same identity as the loss.
 */
export function useCardLoss(onChanged: () => void) {
  const [state, setState] = useState<CardLossState>({ status: 'idle' })

  const fail = (messageZh: string) => setState({ status: 'failed', messageZh })

  return {
    state,
    async reportLost(card: Pick<CardView, 'id' | 'cardNo'>): Promise<void> {
      const ok = await confirmDialog({
        title: '确认挂失？',
        content: `尾号 ${card.cardNo.slice(-4)} 的会员卡将立即停用，任何人都不能再用它消费。找回后可凭短信验证码解挂，也可以补办新卡。`,
        confirmText: '立即挂失',
      })
      if (!ok) return
      setState({ status: 'busy', textZh: '正在挂失…' })
      const result = await consumerApi.reportCardLost(card.id)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'idle' })
      toast('已挂失，卡片已停用')
      onChanged()
    },
    async sendCode(card: Pick<CardView, 'id'>): Promise<void> {
      setState({ status: 'busy', textZh: '正在发送验证码…' })
      const result = await consumerApi.sendCardUnlockCode(card.id)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'code-sent', phoneMasked: result.data.phoneMasked })
    },
    async unlock(card: Pick<CardView, 'id'>, code: string): Promise<void> {
      if (!/^\d{6}$/.test(code)) return fail('请输入短信中的 6 位验证码')
      setState({ status: 'busy', textZh: '正在解除挂失…' })
      const result = await consumerApi.unlockCard(card.id, code)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'idle' })
      toast('已解除挂失，可以正常使用')
      onChanged()
    },
    async replace(card: Pick<CardView, 'id' | 'cardNo' | 'balance'>): Promise<void> {
      const ok = await confirmDialog({
        title: '确认补卡？',
        content: `将为您换发一张新卡号的会员卡，余额 ${formatYuan(card.balance.totalFen)} 和积分 ${card.balance.points} 全部转入新卡。原卡号（尾号 ${card.cardNo.slice(-4)}）将永久注销，此操作不能撤销。`,
        confirmText: '确认补卡',
      })
      if (!ok) return
      setState({ status: 'busy', textZh: '正在补卡…' })
      const result = await consumerApi.replaceCard(card.id)
      if (!result.ok) return fail(failureMessageZh(result.failure))
      setState({ status: 'replaced', replacement: result.data })
      onChanged()
    },
    /** Back from the code entry or an error to the buttons. */
    reset: () => setState({ status: 'idle' }),
  }
}
