import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import { formatYuan, type CardReplacementView, type CardView } from '@jucard/shared'
import { openPage } from '@/platform/navigation'
import { BigButton } from '../ui/BigButton'
import { cardPage } from './routes'
import type { useCardLoss } from './use-card-loss'

type CardLoss = ReturnType<typeof useCardLoss>

/** 挂失 for a usable named card; for an anonymous one, why it cannot be reported lost. */
export function ReportLossAction({ card, loss }: { card: CardView; loss: CardLoss }) {
  if (card.kind === 'ANONYMOUS') return <Text className='card-loss__note'>不记名卡不能挂失，丢失后无法找回余额，请像现金一样妥善保管。</Text>
  const busy = loss.state.status === 'busy' ? loss.state.textZh : null
  return (
    <View className='card-loss'>
      {loss.state.status === 'failed' && <Text className='card-detail__error'>{loss.state.messageZh}</Text>}
      <BigButton variant='plain' className='card-loss__report' busyText={busy} onClick={() => void loss.reportLost(card)}>
        挂失（卡片丢失时立即停用）
      </BigButton>
    </View>
  )
}

/** A card reported lost: 解挂 with an SMS code, or 补卡 to a new number with every balance. */
export function LostCardPanel({ card, loss }: { card: CardView; loss: CardLoss }) {
  const [code, setCode] = useState('')
  const { state } = loss
  const busy = state.status === 'busy' ? state.textZh : null
  return (
    <View className='panel card-loss' role='region' aria-label='挂失处理'>
      <Text className='panel__title'>这张卡已挂失</Text>
      <Text className='card-loss__note'>卡片已停用，任何人都不能用它消费。找回卡片可以解除挂失；找不到了可以补卡，余额和积分全部转入新卡。</Text>
      {state.status === 'failed' && <Text className='card-detail__error'>{state.messageZh}</Text>}
      {state.status === 'code-sent' ? (
        <View className='card-loss__unlock'>
          <Text className='card-loss__hint'>验证码已发送至 {state.phoneMasked}，5 分钟内有效</Text>
          <Input className='card-loss__code' type='number' placeholder='6 位验证码' maxlength={6} onInput={(e) => setCode(e.detail.value.trim())} />
          <BigButton className='card-loss__unlock-confirm' onClick={() => void loss.unlock(card, code)}>
            确认解挂
          </BigButton>
          <BigButton variant='plain' onClick={loss.reset}>
            取消
          </BigButton>
        </View>
      ) : (
        <View className='screen__actions'>
          <BigButton variant='secondary' className='card-loss__unlock-start' busyText={busy} onClick={() => void loss.sendCode(card)}>
            解除挂失（短信验证）
          </BigButton>
          <BigButton className='card-loss__replace' disabled={busy !== null} onClick={() => void loss.replace(card)}>
            补卡（换新卡号）
          </BigButton>
        </View>
      )}
    </View>
  )
}

/** After 补卡 (or 换新卡 for an expired card): the new number, what moved onto it, and the way to it. */
export function ReplacementDone({ replacement, title = '补卡完成' }: { replacement: CardReplacementView; title?: string }) {
  const { card, moved } = replacement
  return (
    <View className='panel card-loss' role='region' aria-label={title}>
      <Text className='panel__title'>{title}</Text>
      <Text>新卡号 {card.cardNo}</Text>
      <Text>
        已转入余额 {formatYuan(moved.totalFen)}（本金 {formatYuan(moved.principalFen)}，赠送金 {formatYuan(moved.bonusFen)}），积分 {moved.points}
      </Text>
      <Text className='card-loss__note'>原卡号已永久注销。</Text>
      <BigButton onClick={() => void openPage(cardPage(card.id))}>查看新卡</BigButton>
    </View>
  )
}
