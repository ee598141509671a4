import { formatYuan, type CustodyReport } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button } from '../../console/controls'
import { Figures } from '../../console/Figures'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'

/** 备付金: does the custody reserve (plus money on its way) cover every fen the platform owes? As of now. */
export function CustodyPanel({ version }: { version: number }) {
  const custody = useLoad(() => operatorApi.getCustody(), [version])
  return (
    <ConsoleCard
      className='day-close__custody'
      titleId='day-close-custody'
      title='备付金覆盖'
      actions={
        <Button variant='plain' onClick={() => void custody.reload()}>
          刷新
        </Button>
      }
    >
      {custody.state.status === 'loading' && <StatePanel kind='loading' text='正在计算备付金…' />}
      {custody.state.status === 'failed' && <StatePanel kind='error' text={custody.state.messageZh} onRetry={() => void custody.reload()} />}
      {custody.state.status === 'ready' && <CustodyView report={custody.state.data} />}
    </ConsoleCard>
  )
}

const MERCHANT_COLUMNS: Column<CustodyReport['perMerchant'][number]>[] = [
  { header: '商户', cell: (merchant) => merchant.merchantName, rowHeader: true },
  { header: '卡内本金', cell: (merchant) => formatYuan(merchant.cardLiabilitiesFen), num: true },
  { header: '待结算', cell: (merchant) => formatYuan(merchant.unsettledPayablesFen), num: true }
]

type HeldPayout = CustodyReport['heldPayouts'][number]

/** The stored reason without its code (`AWAITING_FUNDS: …`). */
const reasonZh = (reason: string | null) => reason?.replace(/^[A-Z_]+:\s*/, '') ?? '等待渠道资金到账'

const HELD_COLUMNS: Column<HeldPayout>[] = [
  { header: '商户', cell: (held) => held.merchantName, rowHeader: true },
  { header: '营业日', cell: (held) => held.businessDate },
  { header: '打款金额', cell: (held) => formatYuan(held.payoutFen), num: true },
  { header: '等待自', cell: (held) => shanghaiDateTime(held.heldSince) },
  { header: '原因', cell: (held) => reasonZh(held.reason), wrap: true }
]

function CustodyView({ report }: { report: CustodyReport }) {
  const heldFen = report.heldPayouts.reduce((sum, held) => sum + held.payoutFen, 0)
  return (
    <>
      <p className='console-card__note'>
        {report.covered ? <Badge tone='good'>已覆盖</Badge> : <Badge tone='bad'>未覆盖</Badge>} 备付金 + 在途 − 卡内本金 − 待结算 − 退卡在途 = 盈余。统计于{' '}
        {shanghaiDateTime(report.checkedAt)}
      </p>
      {report.reserveFen < 0 && <p className='console-card__note'>备付金账户为负：银行账户不能透支，请立即核对存管银行流水。</p>}
      <Figures
        items={[
          { label: '备付金账户', value: formatYuan(report.reserveFen) },
          { label: '渠道在途', value: formatYuan(report.inTransitFen) },
          { label: '卡内本金（应付顾客）', value: formatYuan(report.cardLiabilitiesFen) },
          { label: '待结算给商户', value: formatYuan(report.unsettledPayablesFen) },
          { label: '退卡在途', value: formatYuan(report.refundsInFlightFen) },
          { label: '盈余', value: formatYuan(report.surplusFen), strong: true },
          { label: '可用于打款', value: formatYuan(report.reserveAvailableFen), sub: '备付金减去已发出未到账的打款' }
        ]}
      />
      <section className='day-close__held-payouts' aria-labelledby='custody-held-title'>
        <h3 id='custody-held-title'>等待渠道资金到账的打款</h3>
        {report.heldPayouts.length === 0 ? (
          <p className='console-card__note'>没有等待中的打款：每笔打款都在备付金里有钱。</p>
        ) : (
          <>
            <p className='console-card__note'>
              {report.heldPayouts.length} 笔共 {formatYuan(heldFen)}
              ：顾客充值的钱还在支付渠道，渠道把当日款项结算进备付金（对账完成后）就会自动打款，备付金不会为负。
            </p>
            <ConsoleTable columns={HELD_COLUMNS} rows={report.heldPayouts} rowKey={(held) => held.statementId} />
          </>
        )}
      </section>
      {report.perMerchant.length > 0 && (
        <details className='day-close__custody-merchants'>
          <summary>按商户查看</summary>
          <ConsoleTable columns={MERCHANT_COLUMNS} rows={report.perMerchant} rowKey={(merchant) => merchant.merchantId} />
        </details>
      )}
    </>
  )
}
