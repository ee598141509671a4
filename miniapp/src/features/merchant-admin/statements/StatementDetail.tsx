import { useState } from 'react'
import { formatYuan, principalPart, type StatementLineView, type StatementView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice } from '../../console/controls'
import { Figures } from '../../console/Figures'
import { feeRateText } from '../../console/format'
import { STATEMENT_STATUS } from '../../console/labels'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'
import { Loading, StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { ADMIN_STATEMENTS_PAGE } from '../routes'
import './statements.css'

/** One statement: the sums, where the payout stands, every redemption and reversal in it, and its CSV. */
export function StatementDetail({ statementId }: { statementId: number }) {
  return (
    <>
      <Button variant='plain' onClick={() => void replacePage(ADMIN_STATEMENTS_PAGE)}>
        ← 返回结算单列表
      </Button>
      {Number.isSafeInteger(statementId) && statementId > 0 ? <LoadedStatement statementId={statementId} /> : <StatePanel kind='empty' text='没有找到这张结算单' />}
    </>
  )
}

function LoadedStatement({ statementId }: { statementId: number }) {
  const statement = useLoad(() => merchantAdminApi.getStatement(statementId), [statementId])
  if (statement.state.status !== 'ready') return <Loading load={statement} text='正在加载结算单…' />
  return (
    <>
      <StatementSummary statement={statement.state.data} />
      <StatementLines statement={statement.state.data} />
    </>
  )
}

function StatementSummary({ statement }: { statement: StatementView }) {
  const status = STATEMENT_STATUS[statement.status]
  return (
    <ConsoleCard className='statement' title={`${statement.businessDate} 结算单`} actions={<Badge tone={status.tone}>{status.zh}</Badge>}>
      <Figures
        items={[
          { label: principalPart('消费'), value: formatYuan(statement.redeemedPrincipalFen), sub: `${statement.redemptionCount} 笔` },
          { label: principalPart('冲正'), value: formatYuan(statement.reversedPrincipalFen), sub: `${statement.reversalCount} 笔` },
          { label: '净额', value: formatYuan(statement.netFen) },
          { label: '平台手续费', value: formatYuan(statement.feeFen), sub: `费率 ${feeRateText(statement.feeRateBps)}` },
          { label: '结算金额', value: formatYuan(statement.payoutFen), strong: true }
        ]}
      />
      <p className='console-card__note'>只结算本金部分：赠送金是您送给顾客的，不结算。经营概览的消费与冲正含赠送金，所以金额比这里大。</p>
      <dl className='statement__payout'>
        <dt>打款</dt>
        <dd className='statement__payout-status'>
          {statement.status === 'PAID' && `已于 ${shanghaiDateTime(statement.paidAt)} 打款到结算账户${statement.payoutReference ? `，流水号 ${statement.payoutReference}` : ''}`}
          {statement.status === 'PENDING_PAYOUT' && '打款处理中，到账后这里会显示流水号'}
          {statement.status === 'AWAITING_FUNDS' && '顾客充值的款项还在支付渠道结算途中，渠道资金到达存管账户后平台会自动打款，无需操作'}
          {statement.status === 'PAYOUT_FAILED' && `打款没有成功（已尝试 ${statement.payoutAttempts} 次）${statement.payoutError ? `：${statement.payoutError}` : ''}。平台会重新打款，如有疑问请联系平台运营。`}
        </dd>
      </dl>
    </ConsoleCard>
  )
}

const LINE_COLUMNS: Column<StatementLineView>[] = [
  { header: '时间', cell: (line) => shanghaiDateTime(line.occurredAt) },
  { header: '类型', cell: (line) => (line.kind === 'REDEMPTION' ? '消费' : '冲正') },
  { header: '门店', cell: (line) => line.storeName ?? '—' },
  { header: '卡号', cell: (line) => line.cardNoMasked ?? '—' },
  { header: '商户订单号', cell: (line) => line.merchantOrderNo ?? '—', breakable: true },
  { header: principalPart('金额'), cell: (line) => formatYuan(line.principalFen), num: true }
]

function StatementLines({ statement }: { statement: StatementView }) {
  const lines = usePaged((cursor) => merchantAdminApi.listStatementLines(statement.id, cursor), [statement.id])
  const [download, setDownload] = useState<{ status: 'idle' } | { status: 'busy' } | { status: 'done'; text: string } | { status: 'failed'; text: string }>({ status: 'idle' })

  async function downloadCsv() {
    setDownload({ status: 'busy' })
    const result = await merchantAdminApi.downloadStatementLines(statement.id, `结算明细-${statement.businessDate}.csv`)
    setDownload(result.ok ? { status: 'done', text: `已下载 ${result.data.filename}` } : { status: 'failed', text: `下载没有成功：${failureMessageZh(result.failure)}` })
  }

  return (
    <ConsoleCard
      className='statement-lines'
      title='明细'
      actions={
        <Button busyText={download.status === 'busy' ? '正在下载…' : null} onClick={() => void downloadCsv()}>
          下载明细 CSV
        </Button>
      }
    >
      {download.status === 'done' && <Notice tone='success'>{download.text}</Notice>}
      {download.status === 'failed' && <Notice tone='error'>{download.text}</Notice>}
      <PagedView list={lines} loadingText='正在加载明细…' emptyText='这张结算单没有明细'>
        {(items) => <ConsoleTable columns={LINE_COLUMNS} rows={items} rowKey={(line) => line.seq} />}
      </PagedView>
    </ConsoleCard>
  )
}
