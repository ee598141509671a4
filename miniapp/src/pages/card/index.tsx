import { View, Text } from '@tarojs/components'
import { businessDayOf, canCardMoveMoney, formatYuan } from '@jucard/shared'
import { consumerApi } from '@/features/api'
import { RealNameStatusLine } from '@/features/real-name/RealNameStatusLine'
import { BigButton } from '@/features/ui/BigButton'
import { Loading, StatePanel } from '@/features/ui/StatePanel'
import { useLoad } from '@/features/ui/use-load'
import { BalanceSplit } from '@/features/wallet/BalanceSplit'
import { CardExpiryPanel } from '@/features/wallet/CardExpiryPanel'
import { MerchantClosingPanel } from '@/features/wallet/MerchantClosingPanel'
import { CardGiftPanel } from '@/features/wallet/CardGiftPanel'
import { LostCardPanel, ReplacementDone, ReportLossAction } from '@/features/wallet/CardLossPanel'
import { coverClass } from '@/features/wallet/CardTile'
import { MembershipLine } from '@/features/wallet/MembershipLine'
import { validityZh } from '@/features/wallet/labels'
import { ProductTerms, RefundTermsNote } from '@/features/wallet/ProductTerms'
import { RefundQuotePanel, RefundReceipt } from '@/features/wallet/RefundQuotePanel'
import { productTerms } from '@/features/wallet/product-terms'
import { historyPage, memberCodePage, pointsMallPage, topUpPage } from '@/features/wallet/routes'
import { useBalanceRefund } from '@/features/wallet/use-balance-refund'
import { useCardExpiry } from '@/features/wallet/use-card-expiry'
import { useCardLoss } from '@/features/wallet/use-card-loss'
import { openPage } from '@/platform/navigation'
import { usePageParams, usePullToRefresh, useReturnToForeground } from '@/platform/page'

import '@/features/wallet/wallet.css'
import './index.css'

/** A frozen card says whom to call, with the number: the merchant's, else the platform's service line. */
function frozenZh(merchantName: string, phone: string | null, platformPhone: string): string {
  return phone ? `这张卡已被冻结，暂时不能使用。请致电${merchantName}客服 ${phone}` : `这张卡已被冻结，暂时不能使用。请致电聚卡客服 ${platformPhone}`
}

/** One card: balance split, 会员等级, points, validity, rules, and what can be done with it. */
export default function CardDetail() {
  const { id } = usePageParams('id')
  const card = useLoad(() => consumerApi.getCard(id), [id])
  // the level moves with top-ups and refunds: loaded again whenever the card is
  const membership = useLoad(() => consumerApi.membership(id), [id])
  const reload = () => Promise.all([card.reload(), membership.reload()])
  const refund = useBalanceRefund(() => void reload())
  const loss = useCardLoss(() => void card.reload())
  const expiry = useCardExpiry(() => void card.reload())
  usePullToRefresh(reload)
  useReturnToForeground(() => void reload())

  if (!id) return <StatePanel kind='error' text='没有找到这张会员卡' />
  if (card.state.status !== 'ready') return <Loading load={card} text='正在加载会员卡…' />
  const view = card.state.data
  // an expired card keeps its balance but moves no money until it is reactivated or replaced
  const usable = canCardMoveMoney(view.status) && view.expiry?.state !== 'EXPIRED'
  // a closing merchant takes no top-up from the notice on, and no sale from its closing day (docs/compliance.md §10)
  const merchantClosed = !!view.merchantClosing && view.merchantClosing.closingDate <= businessDayOf(new Date())
  const product = productTerms(view)

  return (
    <View className='card-detail screen'>
      <View className={`card-detail__cover card-cover ${coverClass(view.coverStyle)}`}>
        <Text className='card-detail__merchant'>{view.merchantName}</Text>
        <Text className='card-detail__name'>{view.productName}</Text>
        <Text className='card-detail__label'>余额</Text>
        <Text className='card-detail__total'>{formatYuan(view.balance.totalFen)}</Text>
        <BalanceSplit balance={view.balance} />
        <Text className='card-detail__meta'>
          卡号 {view.cardNo} · {validityZh(view.expiresAt)}
        </Text>
      </View>
      {usable && <MembershipLine membership={membership.state} offerNext={!view.merchantClosing} />}
      {usable && !merchantClosed && (
        <View className='card-detail__points-mall' role='button' hoverClass='card-detail__points-mall--pressed' onClick={() => void openPage(pointsMallPage(view.id))}>
          <Text className='card-detail__points-mall-title'>积分商城</Text>
          <Text className='card-detail__points-mall-hint'>用 {view.balance.points} 积分兑换优惠券 ›</Text>
        </View>
      )}

      {view.kind === 'NAMED' && <RealNameStatusLine />}
      {loss.state.status === 'replaced' && <ReplacementDone replacement={loss.state.replacement} />}
      {expiry.state.status === 'replaced' && <ReplacementDone replacement={expiry.state.replacement} title='换卡完成' />}
      <MerchantClosingPanel card={view} />
      <CardExpiryPanel card={view} expiry={expiry} />
      {view.status === 'LOST' && <LostCardPanel card={view} loss={loss} />}
      {(view.status === 'FROZEN' || view.status === 'CLOSED') && (
        <StatePanel kind='empty' text={view.status === 'CLOSED' ? '这张卡已注销（退卡或补卡），不能再使用' : frozenZh(view.merchantName, view.servicePhone, view.platformServicePhone)} />
      )}
      {usable && (
        <View className='screen__actions'>
          {!merchantClosed && (
            <BigButton className='card-detail__code' onClick={() => void openPage(memberCodePage(view.id))}>
              会员码
            </BigButton>
          )}
          <View className='card-detail__row'>
            {!view.merchantClosing && (
              <BigButton variant='secondary' className='card-detail__topup' onClick={() => void openPage(topUpPage(view.id))}>
                充值
              </BigButton>
            )}
            <BigButton variant='secondary' className='card-detail__history' onClick={() => void openPage(historyPage(view.id))}>
              明细
            </BigButton>
          </View>
        </View>
      )}
      {!usable && (
        <BigButton variant='secondary' className='card-detail__history' onClick={() => void openPage(historyPage(view.id))}>
          明细
        </BigButton>
      )}

      <View className='panel'>
        <Text className='panel__title'>卡片规则</Text>
        {product ? <ProductTerms product={product} /> : <RefundTermsNote />}
      </View>

      {refund.state.status === 'done' && <RefundReceipt refund={refund.state.refund} />}
      {refund.state.status === 'failed' && <Text className='card-detail__error'>{refund.state.messageZh}</Text>}
      {(refund.state.status === 'quoted' || refund.state.status === 'sending') && (
        <RefundQuotePanel
          calculation={refund.state.quote}
          coolingOff={refund.state.coolingOff}
          noticeZh={refund.state.status === 'quoted' ? refund.state.noticeZh : null}
          busy={refund.state.status === 'sending'}
          onConfirm={() => {
            if (refund.state.status === 'quoted') void refund.confirm(refund.state)
          }}
          onConfirmCoolingOff={() => {
            const state = refund.state
            if (state.status === 'quoted' && state.coolingOff) void refund.confirmCoolingOff({ quote: state.quote, coolingOff: state.coolingOff })
          }}
          onCancel={refund.cancel}
        />
      )}
      {/* nothing to give back on an empty card; spent principal may still be owed back under the pro-rata count */}
      {usable && view.balance.totalFen > 0 && (refund.state.status === 'idle' || refund.state.status === 'quoting' || refund.state.status === 'failed') && (
        <BigButton variant='plain' className='card-detail__refund-button' busyText={refund.state.status === 'quoting' ? '正在计算退卡金额…' : null} onClick={() => void refund.start(view)}>
          退卡（查看可退金额）
        </BigButton>
      )}
      {usable && <ReportLossAction card={view} loss={loss} />}
      {usable && <CardGiftPanel card={view} onChanged={() => void card.reload()} />}
    </View>
  )
}
