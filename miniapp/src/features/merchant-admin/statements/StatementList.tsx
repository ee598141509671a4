import { formatYuan } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { Badge, Button } from '../../console/controls'
import { feeRateText } from '../../console/format'
import { STATEMENT_STATUS } from '../../console/labels'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'
import { ADMIN_STATEMENT_PAGE } from '../routes'

/** 结算单: one per business day with redemptions, newest first, with what was (or will be) paid out. */
export function StatementList() {
  const list = usePaged((cursor) => merchantAdminApi.listStatements(cursor), [])

  return (
    <section className='console-card'>
      <p className='console-card__note'>每个营业日的消费在次日（T+1）结算：消费 − 退款 = 净额，扣除平台手续费后打款到您的结算账户。赠送金不结算。</p>
      <PagedView list={list} loadingText='正在加载结算单…' emptyText='还没有结算单。有消费的营业日结束后，第二天会生成结算单。'>
        {(items) => (
          <div className='console-table-wrap'>
            <table className='console-table statements'>
              <thead>
                <tr>
                  <th scope='col'>营业日</th>
                  <th scope='col' className='console-table__num'>消费</th>
                  <th scope='col' className='console-table__num'>退款</th>
                  <th scope='col' className='console-table__num'>手续费</th>
                  <th scope='col' className='console-table__num'>结算金额</th>
                  <th scope='col'>打款状态</th>
                  <th scope='col'>操作</th>
                </tr>
              </thead>
              <tbody>
                {items.map((statement) => (
                  <tr key={statement.id} className='statements__row'>
                    <th scope='row'>{statement.businessDate}</th>
                    <td className='console-table__num'>
                      {formatYuan(statement.redeemedFen)}（{statement.redemptionCount} 笔）
                    </td>
                    <td className='console-table__num'>{formatYuan(statement.reversedFen)}</td>
                    <td className='console-table__num'>
                      {formatYuan(statement.feeFen)}（{feeRateText(statement.feeRateBps)}）
                    </td>
                    <td className='console-table__num'>
                      <strong>{formatYuan(statement.payoutFen)}</strong>
                    </td>
                    <td>
                      <Badge tone={STATEMENT_STATUS[statement.status].tone}>{STATEMENT_STATUS[statement.status].zh}</Badge>
                    </td>
                    <td>
                      <Button variant='plain' onClick={() => void replacePage(`${ADMIN_STATEMENT_PAGE}?statementId=${statement.id}`)}>
                        查看明细
                      </Button>
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
