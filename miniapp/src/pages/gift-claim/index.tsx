import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan } from '@jucard/shared'
import { consumerApi, failureCode, failureMessageZh } from '@/features/api'
import { BigButton } from '@/features/ui/BigButton'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { coverClass } from '@/features/wallet/CardTile'
import { cardPage, giftClaimPage, realNamePage } from '@/features/wallet/routes'
import { openPage, replacePage } from '@/platform/navigation'
import { usePageParams } from '@/platform/page'

import '@/features/wallet/wallet.css'
// the card's cover as the claim page draws it
import '../claim/index.css'

const STATUS_ZH = { CLAIMED: '这张会员卡已被领取', CANCELLED: '好友已取消这次转赠', EXPIRED: '转赠链接已过期，请好友重新转赠' } as const

/** A friend's 转赠 link: what the card holds, 实名 first for a named card, then 领取. Signing in comes first (the API asks). */
export default function GiftClaim() {
  const { token } = usePageParams('token')
  const gift = useLoad(() => consumerApi.previewGift(token), [token])
  const [claim, setClaim] = useState<{ status: 'idle' } | { status: 'claiming' } | { status: 'failed'; messageZh: string }>({ status: 'idle' })

  async function take() {
    setClaim({ status: 'claiming' })
    const result = await consumerApi.claimGift(token)
    if (result.ok) return replacePage(cardPage(result.data.id))
    if (failureCode(result.failure) === 'REAL_NAME_REQUIRED') {
      // back from 实名 the button must be there to press again, not still busy with this attempt
      setClaim({ status: 'idle' })
      return openPage(realNamePage(giftClaimPage(token)))
    }
    setClaim({ status: 'failed', messageZh: failureMessageZh(result.failure) })
  }

  if (!token) return <StatePanel kind='error' text='转赠链接不完整，请让好友重新发送' />
  if (gift.state.status !== 'ready') return <Loading load={gift} text='正在打开好友转赠的会员卡…' />
  const view = gift.state.data

  return (
    <View className='gift-claim screen'>
      <View className={`claim__cover card-cover ${coverClass(view.coverStyle)}`}>
        <Text className='claim__merchant'>{view.merchantName}</Text>
        <Text className='claim__name'>{view.productName}</Text>
        <Text className='claim__kind'>{view.kind === 'NAMED' ? '记名卡 · 领取前需实名认证' : '不记名卡'}</Text>
        <Text className='card-detail__total'>{formatYuan(view.balance.totalFen)}</Text>
      </View>
      {view.status === 'PENDING' ? (
        <View className='panel'>
          <Text className='card-gift__hint'>好友把整张卡送给您：本金 {formatYuan(view.balance.principalFen)}、赠送金 {formatYuan(view.balance.bonusFen)}、积分 {view.balance.points}。以领取时卡内的余额为准。</Text>
          {claim.status === 'failed' && <Text className='claim__error'>{claim.messageZh}</Text>}
          <BigButton className='gift-claim__take' busyText={claim.status === 'claiming' ? '正在领取…' : null} onClick={() => void take()}>
            领取
          </BigButton>
        </View>
      ) : (
        <StatePanel kind='empty' text={STATUS_ZH[view.status]} />
      )}
    </View>
  )
}
