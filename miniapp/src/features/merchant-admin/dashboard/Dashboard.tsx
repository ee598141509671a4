import { useMemo } from 'react'
import { formatYuan, type DashboardDay, type DashboardFigures, type MerchantDashboard } from '@jucard/shared'
import { ChartCanvas } from '@/platform/h5/chart'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { monthDayZh, shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Button } from '../../console/controls'
import { Figures, type Figure } from '../../console/Figures'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { countTick, moneyTrend, moneyTrendSummary, newCardsSummary, newCardsTrend, yuanTick } from './chart-data'
import './dashboard.css'

function periodFigures(figures: DashboardFigures): Figure[] {
  return [
    { label: '充值', value: formatYuan(figures.topUpFen), sub: `${figures.topUpCount} 笔 · 赠送 ${formatYuan(figures.topUpBonusFen)}` },
    { label: '消费', value: formatYuan(figures.redemptionFen), sub: `${figures.redemptionCount} 笔` },
    { label: '冲正', value: formatYuan(figures.reversedFen) },
    { label: '实收（消费 − 冲正）', value: formatYuan(figures.netRedemptionFen), strong: true },
    { label: '新增会员卡', value: `${figures.newCards} 张` }
  ]
}

/** 经营概览: today, the last 30 days with charts, and what consumers still hold on their cards. */
export function Dashboard() {
  const { state, reload } = useLoad(() => merchantAdminApi.getDashboard(), [])

  if (state.status === 'loading') return <StatePanel kind='loading' text='正在加载经营数据…' />
  if (state.status === 'failed') return <StatePanel kind='error' text={`经营数据没有加载出来：${state.messageZh}`} onRetry={() => void reload()} />
  return <DashboardView dashboard={state.data} onRefresh={() => void reload()} />
}

function DashboardView({ dashboard, onRefresh }: { dashboard: MerchantDashboard; onRefresh: () => void }) {
  const money = useMemo(() => moneyTrend(dashboard.series), [dashboard.series])
  const cards = useMemo(() => newCardsTrend(dashboard.series), [dashboard.series])
  const { today, last30Days, liability } = dashboard

  return (
    <div className='dashboard'>
      <ConsoleCard
        className='dashboard__today'
        titleId='dashboard-today'
        title={`今日 · ${monthDayZh(today.date)}`}
        actions={
          <div className='console-actions'>
            <span className='console-card__note'>更新于 {shanghaiDateTime(dashboard.generatedAt)}</span>
            <Button variant='plain' onClick={onRefresh}>
              刷新
            </Button>
          </div>
        }
      >
        <Figures items={periodFigures(today)} />
      </ConsoleCard>

      <ConsoleCard className='dashboard__liability' titleId='dashboard-liability' title='会员卡未用余额' titleClassName='dashboard__section-title'>
        <p className='console-card__note'>顾客卡上尚未消费的钱：本金是顾客实付、需要兑付的部分；赠送金由商户承担。</p>
        <Figures
          items={[
            { label: '未用余额合计', value: formatYuan(liability.totalFen), strong: true },
            { label: '其中本金', value: formatYuan(liability.principalFen) },
            { label: '其中赠送金', value: formatYuan(liability.bonusFen) },
            { label: '有余额的卡', value: `${liability.cardsWithBalance} 张`, sub: `共 ${liability.cardCount} 张卡` }
          ]}
        />
      </ConsoleCard>

      <ConsoleCard
        className='dashboard__month'
        titleId='dashboard-month'
        title={`近30天 · ${monthDayZh(last30Days.from)}–${monthDayZh(last30Days.to)}`}
        titleClassName='dashboard__section-title'
      >
        <Figures items={periodFigures(last30Days)} />
        <div className='dashboard__charts'>
          <figure className='dashboard__chart dashboard__chart--money'>
            <figcaption className='dashboard__chart-title'>每日充值与消费</figcaption>
            <ChartCanvas spec={money} formatValue={yuanTick} summary={moneyTrendSummary(dashboard.series)} height={260} />
          </figure>
          <figure className='dashboard__chart dashboard__chart--cards'>
            <figcaption className='dashboard__chart-title'>每日新增会员卡</figcaption>
            <ChartCanvas spec={cards} formatValue={countTick} summary={newCardsSummary(dashboard.series)} height={260} />
          </figure>
        </div>
        <details className='dashboard__days'>
          <summary>查看每日数据</summary>
          <DaysTable days={dashboard.series} />
        </details>
      </ConsoleCard>
    </div>
  )
}

const DAY_COLUMNS: Column<DashboardDay>[] = [
  { header: '日期', cell: (day) => day.date, rowHeader: true },
  { header: '充值', cell: (day) => formatYuan(day.topUpFen), num: true },
  { header: '消费', cell: (day) => formatYuan(day.redemptionFen), num: true },
  { header: '冲正', cell: (day) => formatYuan(day.reversedFen), num: true },
  { header: '实收', cell: (day) => formatYuan(day.netRedemptionFen), num: true },
  { header: '新增卡', cell: (day) => day.newCards, num: true }
]

function DaysTable({ days }: { days: DashboardDay[] }) {
  return <ConsoleTable columns={DAY_COLUMNS} rows={[...days].reverse()} rowKey={(day) => day.date} />
}
