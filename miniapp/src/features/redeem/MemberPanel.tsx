import { View, Text } from '@tarojs/components'
import { formatYuan, type ErrorEnvelope, type MemberCodeInspection } from '@jucard/shared'
import { NO_ANSWER_ZH } from '../api'
import { levelWithDiscountZh } from '../marketing/member-level-labels'
import { BigButton } from '../ui/BigButton'
import { StatePanel } from '../ui/StatePanel'
import { adviceFor } from './till-state'
import './till.css'

/** Who is paying, as the scan showed: masked name and phone, the card, the level's discount (金卡 · 9.5折), what it holds. */
export function MemberPanel({ member }: { member: MemberCodeInspection }) {
  const who = [member.holder.nameMasked, member.holder.phoneMasked].filter(Boolean).join(' · ') || '会员'
  return (
    <View className='member-panel' role='group' aria-label='顾客会员卡'>
      <View className='member-panel__who'>
        <Text className='member-panel__name'>{who}</Text>
        <Text className='member-panel__card'>
          {member.productName} · {member.cardNoMasked}
        </Text>
        {member.memberLevel && <Text className='member-panel__level'>{levelWithDiscountZh(member.memberLevel)}</Text>}
      </View>
      <View className='member-panel__balance'>
        <Text className='member-panel__balance-label'>可用余额</Text>
        <Text className='member-panel__balance-value'>{formatYuan(member.balance.totalFen)}</Text>
        {member.balance.bonusFen > 0 && <Text className='member-panel__split'>含赠送金 {formatYuan(member.balance.bonusFen)}</Text>}
      </View>
    </View>
  )
}

export function CodeChecking() {
  return (
    <View className='till-step'>
      <StatePanel kind='loading' text='正在核对会员码…' />
    </View>
  )
}

/** The code was refused before any amount was typed (or the check got no answer): nothing was charged. */
export function CodeRefused({ envelope, onRescan, onRecheck }: { envelope: ErrorEnvelope | null; onRescan: () => void; onRecheck: () => void }) {
  const advice = envelope ? adviceFor(envelope.code) : null
  return (
    <View className='sale-result sale-result--failure' role='alert'>
      <Text className='sale-result__title'>{envelope ? '这个会员码不能用' : '没能核对会员码'}</Text>
      <Text className='sale-result__reason'>{envelope ? envelope.messageZh : NO_ANSWER_ZH}</Text>
      {advice && <Text className='sale-result__line'>{advice}</Text>}
      <Text className='sale-result__meta'>没有扣款</Text>
      {!envelope && (
        <BigButton className='sale-result__action' onClick={onRecheck}>
          再核对一次
        </BigButton>
      )}
      <BigButton variant={envelope ? 'secondary' : 'plain'} className='sale-result__action' onClick={onRescan}>
        重新扫码
      </BigButton>
    </View>
  )
}
