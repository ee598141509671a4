import { formatYuan, type DashboardDay } from '@jucard/shared'
import type { ChartSpec } from '@/platform/h5/chart'
import { monthDayZh } from '../../console/business-day'

export const TOP_UP_COLOR = '#2e90fa'
export const REDEMPTION_COLOR = '#0f7b6c'
export const NEW_CARDS_COLOR = '#f79009'

/** "11/25": short enough for 30 labels on a phone. */
export function shortDay(date: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(date)
  return match ? `${Number(match[1])}/${Number(match[2])}` : date
}

/** Top-ups paid and net redemptions per day, in fen (the chart formats them as yuan). */
export function moneyTrend(series: DashboardDay[]): ChartSpec {
  return {
    labels: series.map((day) => shortDay(day.date)),
    series: [
      { label: '充值', kind: 'bar', color: TOP_UP_COLOR, data: series.map((day) => day.topUpFen) },
      { label: '实收（消费 − 冲正）', kind: 'bar', color: REDEMPTION_COLOR, data: series.map((day) => day.netRedemptionFen) }
    ]
  }
}

export function newCardsTrend(series: DashboardDay[]): ChartSpec {
  return {
    labels: series.map((day) => shortDay(day.date)),
    series: [{ label: '新增会员卡', kind: 'line', color: NEW_CARDS_COLOR, data: series.map((day) => day.newCards) }]
  }
}

/** Axis and tooltip text of a money chart; ticks between whole fen are rounded, never shown as fractions. */
export function yuanTick(fen: number): string {
  return formatYuan(Math.round(fen))
}

export function countTick(value: number): string {
  return String(Math.round(value))
}

/** One sentence that says what the money chart shows, for a screen reader. */
export function moneyTrendSummary(series: DashboardDay[]): string {
  if (series.length === 0) return '近30天没有数据'
  const topUps = series.reduce((sum, day) => sum + day.topUpFen, 0)
  const net = series.reduce((sum, day) => sum + day.netRedemptionFen, 0)
  const busiest = series.reduce((best, day) => (day.netRedemptionFen > best.netRedemptionFen ? day : best), series[0]!)
  const first = series[0]!.date
  const last = series[series.length - 1]!.date
  const peak = busiest.netRedemptionFen > 0 ? `，消费最多的一天是${monthDayZh(busiest.date)}（${formatYuan(busiest.netRedemptionFen)}）` : ''
  return `${monthDayZh(first)}至${monthDayZh(last)}每日充值与消费柱状图：充值合计${formatYuan(topUps)}，消费合计${formatYuan(net)}${peak}`
}

export function newCardsSummary(series: DashboardDay[]): string {
  const total = series.reduce((sum, day) => sum + day.newCards, 0)
  return `近${series.length}天每日新增会员卡折线图：合计${total}张`
}
