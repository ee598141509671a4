import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan, type CardView } from '@jucard/shared'
import './member-code.css'

/**
 * Which card the code pays with: its name and balance, a plain word when it is at ¥0 (the code still shows, it
 * still names the member at the till, but the shopper should know before the cashier tries), and the other
 * usable cards to switch to.
 */
export function CardSwitcher({
  card,
  others,
  onSwitch,
  onTopUp
}: {
  card: CardView
  others: CardView[]
  onSwitch: (cardId: string) => void
  onTopUp: () => void
}) {
  const [open, setOpen] = useState(false)
  const empty = card.balance.totalFen === 0
  return (
    <View className='code-card'>
      <View className='code-card__head'>
        <View className='code-card__what'>
          <Text className='code-card__name'>
            {card.merchantName} · {card.productName}
          </Text>
          <Text className={`code-card__balance${empty ? ' code-card__balance--empty' : ''}`}>
            {empty ? '余额为零' : `余额 ${formatYuan(card.balance.totalFen)}`}
          </Text>
        </View>
        {others.length > 0 && (
          <View className='code-card__switch' role='button' aria-expanded={open} onClick={() => setOpen(!open)}>
            <Text>{open ? '收起' : '切换卡片'}</Text>
          </View>
        )}
      </View>
      {empty && (
        <View className='code-card__empty'>
          <Text className='code-card__empty-text'>这张卡里没有余额，收银员扣款会失败。请先充值再付款。</Text>
          <View className='code-card__topup' role='button' onClick={onTopUp}>
            <Text>充值</Text>
          </View>
        </View>
      )}
      {open && (
        <View className='code-card__list' role='list'>
          {others.map((other) => (
            <View
              key={other.id}
              className='code-card__option'
              role='button'
              aria-label={`换成 ${other.merchantName} ${other.productName}，余额 ${formatYuan(other.balance.totalFen)}`}
              onClick={() => {
                setOpen(false)
                onSwitch(other.id)
              }}
            >
              <Text className='code-card__option-name'>
                {other.merchantName} · {other.productName}
              </Text>
              <Text className='code-card__option-balance'>{formatYuan(other.balance.totalFen)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
