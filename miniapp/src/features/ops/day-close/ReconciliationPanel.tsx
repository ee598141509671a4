import { useState } from 'react'
import { formatYuan, type BusinessDate, type ReconDayView, type ReconRunView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { Badge, Button, Notice } from '../../console/controls'
import { CHANNEL_ZH, RUN_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'

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
    <section className='console-card day-close__recon' aria-labelledby='day-close-recon'>
      <div className='console-card__head'>
        <h2 id='day-close-recon' className='console-card__title'>
          渠道对账
        </h2>
        <div className='console-actions'>
          <ReconciledBadge day={day} />
          <Button variant='primary' busyText={running ? '正在对账…' : null} onClick={() => void run()}>
            {day.runs.length > 0 ? '重新对账' : '运行对账'}
          </Button>
        </div>
      </div>
      {failure && <Notice tone='error'>{failure}</Notice>}
      {day.runs.length === 0 ? (
        <StatePanel kind='empty' text='这一天还没有对账。点击“运行对账”，下载各渠道账单并逐笔核对。' />
      ) : (
        <div className='console-table-wrap'>
          <table className='console-table day-close__runs'>
            <thead>
              <tr>
                <th scope='col'>渠道</th>
                <th scope='col'>状态</th>
                <th scope='col' className='console-table__num'>账单笔数</th>
                <th scope='col' className='console-table__num'>已匹配</th>
                <th scope='col' className='console-table__num'>差异（未处理）</th>
                <th scope='col' className='console-table__num'>渠道收款 / 平台收款</th>
                <th scope='col' className='console-table__num'>渠道退款 / 平台退款</th>
                <th scope='col'>完成时间</th>
              </tr>
            </thead>
            <tbody>
              {day.runs.map((run) => (
                <RunRow key={run.id} run={run} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function ReconciledBadge({ day }: { day: ReconDayView }) {
  if (day.runs.length === 0) return <Badge tone='neutral'>未对账</Badge>
  if (day.reconciled) return <Badge tone='good'>已对平</Badge>
  return <Badge tone='bad'>未对平{day.openDifferences > 0 ? `：${day.openDifferences} 条差异待处理` : ''}</Badge>
}

function RunRow({ run }: { run: ReconRunView }) {
  const status = RUN_STATUS[run.status]
  const paymentsDiffer = run.channelPaymentsFen !== run.platformPaymentsFen
  const refundsDiffer = run.channelRefundsFen !== run.platformRefundsFen
  return (
    <tr className={`day-close__run day-close__run--${run.channel.toLowerCase()}`}>
      <th scope='row'>{CHANNEL_ZH[run.channel]}</th>
      <td>
        <Badge tone={status.tone}>{status.zh}</Badge>
        {run.error && <div className='day-close__error'>{run.error}</div>}
      </td>
      <td className='console-table__num'>{run.billLines}</td>
      <td className='console-table__num'>{run.matched}</td>
      <td className='console-table__num'>
        {run.differences}（{run.openDifferences}）
      </td>
      <td className={`console-table__num${paymentsDiffer ? ' day-close__differ' : ''}`}>
        {formatYuan(run.channelPaymentsFen)} / {formatYuan(run.platformPaymentsFen)}
      </td>
      <td className={`console-table__num${refundsDiffer ? ' day-close__differ' : ''}`}>
        {formatYuan(run.channelRefundsFen)} / {formatYuan(run.platformRefundsFen)}
      </td>
      <td>{shanghaiDateTime(run.finishedAt) || '—'}</td>
    </tr>
  )
}
