import { formatYuan, type CardEvent } from '@jucard/shared'
import { movementKindZh } from '../wallet/labels'

/** "-¥110.00", "+¥550.00"; an event of points alone shows its points. */
export function eventAmountText(event: Pick<CardEvent, 'amountFen' | 'points'>): string {
  if (event.amountFen === 0 && event.points !== 0) return `${event.points > 0 ? '+' : ''}${event.points} 积分`
  return `${event.amountFen > 0 ? '+' : event.amountFen < 0 ? '-' : ''}${formatYuan(Math.abs(event.amountFen))}`
}

/** "本金 -¥100.00 · 赠送金 -¥10.00 · 积分 +110": only the parts that moved. */
export function eventSplitText(event: Pick<CardEvent, 'principalFen' | 'bonusFen' | 'points'>): string {
  const signed = (fen: number) => `${fen > 0 ? '+' : '-'}${formatYuan(Math.abs(fen))}`
  const parts: string[] = []
  if (event.principalFen !== 0) parts.push(`本金 ${signed(event.principalFen)}`)
  if (event.bonusFen !== 0) parts.push(`赠送金 ${signed(event.bonusFen)}`)
  if (event.points !== 0) parts.push(`积分 ${event.points > 0 ? '+' : ''}${event.points}`)
  return parts.join(' · ')
}

/** The line's title: the store for a sale, what happened otherwise. */
export function eventTitle(event: Pick<CardEvent, 'kind' | 'storeName'>): string {
  return event.storeName ? `${movementKindZh(event.kind)} · ${event.storeName}` : movementKindZh(event.kind)
}
