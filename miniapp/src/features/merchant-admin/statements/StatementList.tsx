import { formatYuan, principalPart, type StatementView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button } from '../../console/controls'
import { feeRateText } from '../../console/format'
import { STATEMENT_STATUS } from '../../console/labels'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'
import { ADMIN_STATEMENT_PAGE } from '../routes'

const COLUMNS: Column<StatementView>[] = [
  { header: '营业日', cell: (statement) => statement.businessDate, rowHeader: true },
  { header: '消费', cell: (statement) => `${formatYuan(statement.redeemedFen)}（${statement.redemptionCount} 笔）`, num: true },
  { header: principalPart('冲正'), cell: (statement) => formatYuan(statement.reversedPrincipalFen), num: true },
  { header: '手续费', cell: (statement) => `${formatYuan(statement.feeFen)}（${feeRateText(statement.feeRateBps)}）`, num: true },
  { header: '结算金额', cell: (statement) => <strong>{formatYuan(statement.payoutFen)}</strong>, num: true },
  { header: '打款状态', cell: (statement) => <Badge tone={STATEMENT_STATUS[statement.status].tone}>{STATEMENT_STATUS[statement.status].zh}</Badge> },
  {
    header: '操作',
    cell: (statement) => (
      <Button variant='plain' onClick={() => void replacePage(`${ADMIN_STATEMENT_PAGE}?statementId=${statement.id}`)}>
        查看明细
      </Button>
    )
  }
]

/** 结算单: one per business day with redemptions, newest first, with what was (or will be) paid out. */
export function StatementList() {
  const list = usePaged((cursor) => merchantAdminApi.listStatements(cursor), [])

  return (
    <ConsoleCard>
      <p className='console-card__note'>每个营业日的消费在次日（T+1）结算：消费 − 冲正 = 净额，扣除平台手续费后打款到您的结算账户。只结算本金部分：赠送金是您送给顾客的，不结算，所以这里的金额比经营概览的消费额小。</p>
      <PagedView list={list} loadingText='正在加载结算单…' emptyText='还没有结算单。有消费的营业日结束后，第二天会生成结算单。'>
        {(items) => <ConsoleTable className='statements' columns={COLUMNS} rows={items} rowKey={(statement) => statement.id} rowClass={() => 'statements__row'} />}
      </PagedView>
    </ConsoleCard>
  )
}
