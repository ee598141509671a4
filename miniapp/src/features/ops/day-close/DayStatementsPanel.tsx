import { useState } from 'react'
import { formatYuan, type BusinessDate, type StatementView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice } from '../../console/controls'
import { feeRateText } from '../../console/format'
import { STATEMENT_STATUS } from '../../console/labels'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'

/** 结算单: every merchant's statement for the day, where its payout stands, and a retry for failed payouts. */
export function DayStatementsPanel({ date, version }: { date: BusinessDate; version: number }) {
  const list = usePaged((cursor) => operatorApi.listStatements({ date, cursor }), [date, version])
  const [retrying, setRetrying] = useState<number | null>(null)
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  async function retry(statement: StatementView) {
    setRetrying(statement.id)
    const result = await operatorApi.retryPayout(statement.id)
    setRetrying(null)
    if (!result.ok) {
      setNotice({ tone: 'error', text: `重新打款没有成功：${failureMessageZh(result.failure)}` })
      return
    }
    list.replace((item) => item.id === statement.id, result.data)
    setNotice({ tone: result.data.status === 'PAYOUT_FAILED' ? 'error' : 'success', text: `${statement.merchantName}：${STATEMENT_STATUS[result.data.status].zh}` })
  }

  const columns: Column<StatementView>[] = [
    { header: '商户', cell: (statement) => statement.merchantName, rowHeader: true },
    { header: '净额', cell: (statement) => formatYuan(statement.netFen), num: true },
    { header: '手续费', cell: (statement) => `${formatYuan(statement.feeFen)}（${feeRateText(statement.feeRateBps)}）`, num: true },
    { header: '结算金额', cell: (statement) => formatYuan(statement.payoutFen), num: true },
    { header: '打款状态', cell: (statement) => <Badge tone={STATEMENT_STATUS[statement.status].tone}>{STATEMENT_STATUS[statement.status].zh}</Badge> },
    {
      header: '说明',
      cell: (statement) => `${statement.payoutError ?? statement.payoutReference ?? ''}${statement.payoutAttempts > 1 ? `（第 ${statement.payoutAttempts} 次）` : ''}`,
      wrap: true
    },
    {
      header: '操作',
      cell: (statement) =>
        statement.status === 'PAYOUT_FAILED' && (
          <Button variant='plain' busyText={retrying === statement.id ? '正在打款…' : null} onClick={() => void retry(statement)}>
            重新打款
          </Button>
        )
    }
  ]

  return (
    <ConsoleCard className='day-close__statements' titleId='day-close-statements' title='结算单与打款' titleClassName='day-close__section-title'>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <PagedView list={list} loadingText='正在加载结算单…' emptyText='这一天还没有结算单'>
        {(items) => <ConsoleTable columns={columns} rows={items} rowKey={(statement) => statement.id} rowClass={() => 'day-close__statement'} />}
      </PagedView>
    </ConsoleCard>
  )
}
