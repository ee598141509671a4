import { useState } from 'react'
import { formatYuan, type BusinessDate, type StatementView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
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

  return (
    <section className='console-card day-close__statements' aria-labelledby='day-close-statements'>
      <h2 id='day-close-statements' className='console-card__title day-close__section-title'>
        结算单与打款
      </h2>
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <PagedView list={list} loadingText='正在加载结算单…' emptyText='这一天还没有结算单'>
        {(items) => (
          <div className='console-table-wrap'>
            <table className='console-table'>
              <thead>
                <tr>
                  <th scope='col'>商户</th>
                  <th scope='col' className='console-table__num'>净额</th>
                  <th scope='col' className='console-table__num'>手续费</th>
                  <th scope='col' className='console-table__num'>结算金额</th>
                  <th scope='col'>打款状态</th>
                  <th scope='col'>说明</th>
                  <th scope='col'>操作</th>
                </tr>
              </thead>
              <tbody>
                {items.map((statement) => (
                  <tr key={statement.id} className='day-close__statement'>
                    <th scope='row'>{statement.merchantName}</th>
                    <td className='console-table__num'>{formatYuan(statement.netFen)}</td>
                    <td className='console-table__num'>
                      {formatYuan(statement.feeFen)}（{feeRateText(statement.feeRateBps)}）
                    </td>
                    <td className='console-table__num'>{formatYuan(statement.payoutFen)}</td>
                    <td>
                      <Badge tone={STATEMENT_STATUS[statement.status].tone}>{STATEMENT_STATUS[statement.status].zh}</Badge>
                    </td>
                    <td className='console-table__wrap'>
                      {statement.payoutError ?? statement.payoutReference ?? ''}
                      {statement.payoutAttempts > 1 ? `（第 ${statement.payoutAttempts} 次）` : ''}
                    </td>
                    <td>
                      {statement.status === 'PAYOUT_FAILED' && (
                        <Button variant='plain' busyText={retrying === statement.id ? '正在打款…' : null} onClick={() => void retry(statement)}>
                          重新打款
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  )
}
