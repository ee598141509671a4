import { formatYuan, RISK_HOLD_STATE_LABELS, RISK_OPERATION_KIND_LABELS, type MerchantRiskHoldView, type RiskHoldState } from '@jucard/shared'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button } from '../../console/controls'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { riskHoldsApi } from './risk-holds-client'

const TONE: Record<RiskHoldState, 'warn' | 'good' | 'bad'> = { REVIEWING: 'warn', RELEASED: 'good', REJECTED: 'bad' }

/**
 * 风控审核: the merchant's customers' operations (and its own payouts) that the platform's risk control stopped for a
 * review — under review now, or decided in the last 30 days — each with the words to tell the customer. The rule and
 * the reason are the platform's and are not shown.
 */
export function RiskHolds() {
  const holds = useLoad(() => riskHoldsApi.list())
  const columns: Column<MerchantRiskHoldView>[] = [
    { header: '时间', cell: (h) => shanghaiDateTime(h.at), rowHeader: true },
    { header: '业务', cell: (h) => RISK_OPERATION_KIND_LABELS[h.operationKind] },
    { header: '会员卡', cell: (h) => h.cardNo ?? '—' },
    { header: '金额', cell: (h) => formatYuan(h.amountFen), num: true },
    { header: '状态', cell: (h) => <Badge tone={TONE[h.state]}>{RISK_HOLD_STATE_LABELS[h.state]}</Badge> },
    { header: '可以这样告诉顾客', cell: (h) => h.messageZh },
    { header: '审核编号', cell: (h) => h.reference }
  ]
  return (
    <ConsoleCard title='风控审核' actions={<Button onClick={() => void holds.reload()}>刷新</Button>}>
      <p>平台风控暂停的业务会列在这里：审核期间资金不会变动。顾客询问时，可按「可以这样告诉顾客」一栏答复；需要平台协助时，请提供审核编号。</p>
      {holds.state.status === 'loading' && <StatePanel kind='loading' text='正在加载…' />}
      {holds.state.status === 'failed' && <StatePanel kind='error' text={holds.state.messageZh} onRetry={() => void holds.reload()} />}
      {holds.state.status === 'ready' &&
        (holds.state.data.items.length === 0 ? (
          <StatePanel kind='empty' text='最近 30 天没有被风控暂停的业务。' />
        ) : (
          <ConsoleTable columns={columns} rows={holds.state.data.items} rowKey={(h) => `${h.reference}:${h.at}:${h.amountFen}`} />
        ))}
    </ConsoleCard>
  )
}
