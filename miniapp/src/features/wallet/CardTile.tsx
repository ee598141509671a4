import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan, type CardView } from '@jucard/shared'
import { BalanceSplit } from './BalanceSplit'
import { CardFaceImages } from './CardFaceImages'
import './wallet.css'

/** Known cover themes; anything else gets the default. */
const COVERS = new Set(['jade', 'ink', 'rose', 'gold', 'sky'])
export const coverClass = (style: string) => `card-cover--${COVERS.has(style) ? style : 'jade'}`

const STATUS_ZH = { ACTIVE: null, FROZEN: '已冻结', CLOSED: '已注销', LOST: '已挂失' } as const

/** One card in the wallet: total balance large; a tap on the balance shows principal and bonus apart. */
export function CardTile({ card, onOpen }: { card: CardView; onOpen: () => void }) {
  const [split, setSplit] = useState(false)
  const statusZh = STATUS_ZH[card.status]
  return (
    <View className={`card-tile card-cover ${coverClass(card.coverStyle)}`} onClick={onOpen}>
      <CardFaceImages logoUrl={card.logoUrl} coverUrl={card.coverUrl} />
      <View className='card-tile__head'>
        <Text className='card-tile__merchant'>{card.merchantName}</Text>
        {statusZh && <Text className='card-tile__status'>{statusZh}</Text>}
      </View>
      <Text className='card-tile__name'>{card.productName}</Text>
      <View
        className='card-tile__balance'
        onClick={(event) => {
          event.stopPropagation()
          setSplit(!split)
        }}
      >
        <Text className='card-tile__balance-label'>余额 {split ? '▴' : '▾'}</Text>
        <Text className='card-tile__total'>{formatYuan(card.balance.totalFen)}</Text>
      </View>
      {split && <BalanceSplit balance={card.balance} compact />}
      <View className='card-tile__foot'>
        <Text>积分 {card.balance.points}</Text>
        <Text>No. {card.cardNo.slice(-4)}</Text>
      </View>
    </View>
  )
}
