import { useState } from 'react'
import { formatYuan, type BusinessDate, type ReconDayView, type ReconRunView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice } from '../../console/controls'
import { CHANNEL_ZH, RUN_STATUS } from '../../console/labels'

interface Props {
  date: BusinessDate
  day: ReconDayView
  onReconciled: (day: ReconDayView) => void
}

/** 对账: each channel's bill for the day matched against the platform's records; run (again) on demand. */
export function ReconciliationPanel({ date, day, onReconciled }: Props) {
  const [running, setRunning] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  async function run() {
    setRunning(true)
    setFailure(null)
    const result = await operatorApi.runReconciliation(date)
    setRunning(false)
    if (result.ok) onReconciled(result.data)
    else setFailure(`对账没有完成：${failureMessageZh(result.failure)}`)
  }

  return (
    <ConsoleCard
      className='day-close__recon'
      titleId='day-close-recon'
      title='渠道对账'
      actions={
        <div className='console-actions'>
          <ReconciledBadge day={day} />
          <Button variant='primary' busyText={running ? '正在对账…' : null} onClick={() => void run()}>
            {day.runs.length > 0 ? '重新对账' : '运行对账'}
          </Button>
        </div>
      }
    >
      {failure && <Notice tone='error'>{failure}</Notice>}
      <ConsoleTable
        className='day-close__runs'
        columns={RUN_COLUMNS}
        rows={day.runs}
        rowKey={(run) => run.id}
        rowClass={(run) => `day-close__run day-close__run--${run.channel.toLowerCase()}`}
        emptyText='这一天还没有对账。点击“运行对账”，下载各渠道账单并逐笔核对。'
      />
    </ConsoleCard>
  )
}

function ReconciledBadge({ day }: { day: ReconDayView }) {
  if (day.runs.length === 0) return <Badge tone='neutral'>未对账</Badge>
  if (day.reconciled) return <Badge tone='good'>已对平</Badge>
  return <Badge tone='bad'>未对平{day.openDifferences > 0 ? `：${day.openDifferences} 条差异待处理` : ''}</Badge>
}

const differ = (differs: boolean) => (differs ? 'day-close__differ' : undefined)

const RUN_COLUMNS: Column<ReconRunView>[] = [
  { header: '渠道', cell: (run) => CHANNEL_ZH[run.channel], rowHeader: true },
  {
    header: '状态',
    cell: (run) => (
      <>
        <Badge tone={RUN_STATUS[run.status].tone}>{RUN_STATUS[run.status].zh}</Badge>
        {run.error && <div className='day-close__error'>{run.error}</div>}
      </>
    )
  },
  { header: '账单笔数', cell: (run) => run.billLines, num: true },
  { header: '已匹配', cell: (run) => run.matched, num: true },
  { header: '差异（未处理）', cell: (run) => `${run.differences}（${run.openDifferences}）`, num: true },
  {
    header: '渠道收款 / 平台收款',
    cell: (run) => `${formatYuan(run.channelPaymentsFen)} / ${formatYuan(run.platformPaymentsFen)}`,
    num: true,
    cellClass: (run) => differ(run.channelPaymentsFen !== run.platformPaymentsFen)
  },
  {
    header: '原路退回（渠道 / 平台）',
    cell: (run) => `${formatYuan(run.channelRefundsFen)} / ${formatYuan(run.platformRefundsFen)}`,
    num: true,
    cellClass: (run) => differ(run.channelRefundsFen !== run.platformRefundsFen)
  },
  { header: '完成时间', cell: (run) => shanghaiDateTime(run.finishedAt) || '—' }
]
