import { View, Text } from '@tarojs/components'
import { formatYuan, type CardView } from '@jucard/shared'
import { BigButton } from '../ui/BigButton'
import { validityZh } from './labels'
import type { useCardExpiry } from './use-card-expiry'

type CardExpiry = ReturnType<typeof useCardExpiry>

/**
 * Expiry on the card page: the reminder from 30 days before (the daily job's notice), and once expired the balance
 * that stays with the holder and the two ways on. Nothing for a card that never expires or is far from it.
 */
export function CardExpiryPanel({ card, expiry }: { card: CardView; expiry: CardExpiry }) {
  const info = card.expiry
  if (!info || info.state === 'VALID' || card.status !== 'ACTIVE') return null
  if (info.state === 'EXPIRING') {
    return (
      <View className='panel card-expiry' role='status' aria-label='到期提醒'>
        <Text className='panel__title'>即将到期</Text>
        <Text className='card-expiry__note'>
          这张卡{validityZh(info.expiresAt)}，还剩 {info.daysLeft} 天。到期后余额不会作废，可以申请重新激活或换新卡。
        </Text>
      </View>
    )
  }
  const busy = expiry.state.status === 'busy' ? expiry.state.textZh : null
  return (
    <View className='panel card-expiry' role='region' aria-label='卡片已过期'>
      <Text className='panel__title'>这张卡已过期</Text>
      <Text className='card-expiry__note'>
        卡内余额 {formatYuan(card.balance.totalFen)} 仍然属于您，不会作废。过期期间不能消费和充值；重新激活后可继续使用，也可以换一张新卡号的卡，余额和积分全部转入。
      </Text>
      {expiry.state.status === 'failed' && <Text className='card-detail__error'>{expiry.state.messageZh}</Text>}
      <View className='screen__actions'>
        <BigButton className='card-expiry__reactivate' busyText={busy} onClick={() => void expiry.reactivate(card)}>
          重新激活
        </BigButton>
        <BigButton variant='secondary' className='card-expiry__replace' disabled={busy !== null} onClick={() => void expiry.replace(card)}>
          换新卡（余额全部转入）
        </BigButton>
      </View>
    </View>
  )
}
