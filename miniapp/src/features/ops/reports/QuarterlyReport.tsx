import { useState } from 'react'
import { formatYuan, type QuarterlyMerchantRow, type QuarterlyReportView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Button, Notice, SelectField } from '../../console/controls'
import { Loading, StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { quarterLabelZh, recentQuarters } from './quarters'
import { reportsApi } from './reports-client'
import './reports.css'

/** How far back the picker goes: two years of filings. */
const QUARTERS_OFFERED = 8

type DownloadState = { status: 'idle' | 'busy' } | { status: 'done' | 'failed'; text: string }

/** 季度报表: each merchant's prepaid-card principal in one quarter, for the quarterly filing (单用途卡业务情况), and its CSV. */
export function QuarterlyReport() {
  // newest first: the first is the quarter under way, shown by default
  const [quarters] = useState(() => recentQuarters(new Date(), QUARTERS_OFFERED))
  const [quarter, setQuarter] = useState(quarters[0]!)
  const [download, setDownload] = useState<DownloadState>({ status: 'idle' })

  async function downloadCsv() {
    setDownload({ status: 'busy' })
    const result = await reportsApi.downloadQuarterlyCsv(quarter)
    setDownload(result.ok ? { status: 'done', text: `已下载 ${result.data.filename}` } : { status: 'failed', text: `下载没有成功：${failureMessageZh(result.failure)}` })
  }

  return (
    <>
      <p className='quarterly-report__intro'>
        按季度统计各商户预付卡本金：新发卡、充值、消费（扣除冲正）、退卡，以及期初、期末预收余额，供季度报送（单用途卡业务情况）使用。
      </p>
      <ConsoleCard
        titleId='quarterly-report-title'
        title={quarterLabelZh(quarter)}
        actions={
          <div className='console-actions quarterly-report__actions'>
            <SelectField
              label='季度'
              value={quarter}
              options={quarters.map((q) => ({ value: q, label: quarterLabelZh(q) }))}
              onChange={(next) => {
                setQuarter(next)
                setDownload({ status: 'idle' })
              }}
            />
            <Button variant='primary' busyText={download.status === 'busy' ? '正在下载…' : null} onClick={() => void downloadCsv()}>
              下载 CSV
            </Button>
          </div>
        }
      >
        {download.status === 'done' && <Notice tone='success'>{download.text}</Notice>}
        {download.status === 'failed' && <Notice tone='error'>{download.text}</Notice>}
        {/* keyed by quarter: another quarter starts from its loading state, not under the last one's figures */}
        <QuarterFigures key={quarter} quarter={quarter} underWay={quarter === quarters[0]} />
      </ConsoleCard>
    </>
  )
}

const COLUMNS: Column<QuarterlyMerchantRow>[] = [
  { header: '商户', cell: (row) => row.merchantName, rowHeader: true },
  { header: '新发卡数', cell: (row) => row.cardsIssued, num: true },
  { header: '充值本金', cell: (row) => formatYuan(row.toppedUpFen), num: true },
  { header: '消费本金', cell: (row) => formatYuan(row.redeemedFen), num: true },
  { header: '退卡本金', cell: (row) => formatYuan(row.refundedFen), num: true },
  { header: '期初预收余额', cell: (row) => formatYuan(row.openingFen), num: true },
  { header: '期末预收余额', cell: (row) => formatYuan(row.closingFen), num: true }
]

function QuarterFigures({ quarter, underWay }: { quarter: string; underWay: boolean }) {
  const report = useLoad(() => reportsApi.quarterly(quarter), [quarter])
  if (report.state.status !== 'ready') return <Loading load={report} text='正在统计该季度…' />
  const view: QuarterlyReportView = report.state.data
  if (view.rows.length === 0) return <StatePanel kind='empty' text='该季度没有商户发生预付卡业务' />
  return (
    <>
      {underWay && <p className='console-card__note'>本季度还没有结束：期末预收余额是目前的余额。</p>}
      <ConsoleTable
        className='quarterly-report__table'
        columns={COLUMNS}
        rows={view.rows}
        rowKey={(row) => row.merchantId}
        footer={{ merchantId: '', merchantName: '合计', ...view.totals }}
      />
    </>
  )
}
