import { formatYuan, type CustodyReport } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { Badge, Button } from '../../console/controls'
import { Figures } from '../../console/Figures'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'

/** 备付金: does the custody reserve (plus money on its way) cover every fen the platform owes? As of now. */
export function CustodyPanel({ version }: { version: number }) {
  const custody = useLoad(() => operatorApi.getCustody(), [version])
  return (
    <section className='console-card day-close__custody' aria-labelledby='day-close-custody'>
      <div className='console-card__head'>
        <h2 id='day-close-custody' className='console-card__title'>
          备付金覆盖
        </h2>
        <Button variant='plain' onClick={() => void custody.reload()}>
          刷新
        </Button>
      </div>
      {custody.state.status === 'loading' && <StatePanel kind='loading' text='正在计算备付金…' />}
      {custody.state.status === 'failed' && <StatePanel kind='error' text={custody.state.messageZh} onRetry={() => void custody.reload()} />}
      {custody.state.status === 'ready' && <CustodyView report={custody.state.data} />}
    </section>
  )
}

function CustodyView({ report }: { report: CustodyReport }) {
  return (
    <>
      <p className='console-card__note'>
        {report.covered ? <Badge tone='good'>已覆盖</Badge> : <Badge tone='bad'>未覆盖</Badge>} 备付金 + 在途 − 卡内本金 − 待结算 − 退款中 = 盈余。统计于{' '}
        {shanghaiDateTime(report.checkedAt)}
      </p>
      <Figures
        items={[
          { label: '备付金账户', value: formatYuan(report.reserveFen) },
          { label: '渠道在途', value: formatYuan(report.inTransitFen) },
          { label: '卡内本金（应付顾客）', value: formatYuan(report.cardLiabilitiesFen) },
          { label: '待结算给商户', value: formatYuan(report.unsettledPayablesFen) },
          { label: '退款中', value: formatYuan(report.refundsInFlightFen) },
          { label: '盈余', value: formatYuan(report.surplusFen), strong: true }
        ]}
      />
      {report.perMerchant.length > 0 && (
        <details className='day-close__custody-merchants'>
          <summary>按商户查看</summary>
          <div className='console-table-wrap'>
            <table className='console-table'>
              <thead>
                <tr>
                  <th scope='col'>商户</th>
                  <th scope='col' className='console-table__num'>卡内本金</th>
                  <th scope='col' className='console-table__num'>待结算</th>
                </tr>
              </thead>
              <tbody>
                {report.perMerchant.map((merchant) => (
                  <tr key={merchant.merchantId}>
                    <th scope='row'>{merchant.merchantName}</th>
                    <td className='console-table__num'>{formatYuan(merchant.cardLiabilitiesFen)}</td>
                    <td className='console-table__num'>{formatYuan(merchant.unsettledPayablesFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  )
}
