import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { CardView } from '@jucard/shared'
import { consumerApi, failureMessageZh } from '@/features/api'
import { confirmDialog } from '@/platform/dialog'
import { useCopy } from '@/platform/clipboard'
import { shareLinkOf } from '@/platform/share'
import { BigButton } from '../ui/BigButton'
import { useLoad } from '../ui/use-load'

type GiftState = { status: 'idle' } | { status: 'busy'; textZh: string } | { status: 'offered'; link: string } | { status: 'failed'; messageZh: string }

/** 转赠 of the whole card: asked first, then the link to send (24 小时内有效); a pending gift can be 取消. */
export function CardGiftPanel({ card, onChanged }: { card: CardView; onChanged: () => void }) {
  const pending = useLoad(() => consumerApi.pendingGift(card.id), [card.id])
  const [state, setState] = useState<GiftState>({ status: 'idle' })
  const { copied, copy } = useCopy()

  async function give() {
    const asked = await confirmDialog({ title: '转赠这张卡', content: '好友领取后，卡内余额、赠送金和积分全部转到好友名下，您将不能再使用这张卡。链接 24 小时内有效。', confirmText: '转赠' })
    if (!asked) return
    setState({ status: 'busy', textZh: '正在生成链接…' })
    const result = await consumerApi.offerGift(card.id)
    if (!result.ok) return setState({ status: 'failed', messageZh: failureMessageZh(result.failure) })
    const link = shareLinkOf(result.data.sharePath)
    setState({ status: 'offered', link })
    void pending.reload()
  }

  async function cancel(giftId: string) {
    if (!(await confirmDialog({ title: '取消转赠', content: '取消后，已发出的链接将失效。', confirmText: '取消转赠', cancelText: '再想想' }))) return
    setState({ status: 'busy', textZh: '正在取消…' })
    const result = await consumerApi.cancelGift(giftId)
    setState(result.ok ? { status: 'idle' } : { status: 'failed', messageZh: failureMessageZh(result.failure) })
    void pending.reload()
    onChanged()
  }

  const busy = state.status === 'busy' ? state.textZh : null
  const open = pending.state.status === 'ready' ? pending.state.data : null
  return (
    <View className='panel card-gift' role='region' aria-label='转赠'>
      <Text className='panel__title'>转赠给好友</Text>
      {state.status === 'failed' && <Text className='card-detail__error'>{state.messageZh}</Text>}
      {pending.state.status === 'failed' && <Text className='card-detail__error'>暂时查不到转赠状态，请稍后再试</Text>}
      {state.status === 'offered' && (
        <View className='card-gift__link'>
          <Text className='card-gift__hint'>把下面的链接发给好友，好友登录后即可领取：</Text>
          <Text className='card-gift__url' selectable>{state.link}</Text>
          <BigButton variant='secondary' onClick={() => void copy(state.link)}>
            {copied === 'done' ? '已复制' : '复制链接'}
          </BigButton>
          {copied === 'failed' && <Text className='card-detail__error'>复制失败，请长按链接手动复制</Text>}
        </View>
      )}
      {open ? (
        <View className='card-gift__pending'>
          <Text className='card-gift__hint'>等待好友领取，链接有效期至 {new Date(open.expiresAt).toLocaleString('zh-CN')}</Text>
          <BigButton variant='plain' className='card-gift__cancel' busyText={busy} onClick={() => void cancel(open.id)}>
            取消转赠
          </BigButton>
        </View>
      ) : (
        pending.state.status === 'ready' && (
          <BigButton variant='plain' className='card-gift__give' busyText={busy} onClick={() => void give()}>
            转赠（整张卡送给好友）
          </BigButton>
        )
      )}
    </View>
  )
}
