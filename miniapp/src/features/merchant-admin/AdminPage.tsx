import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { canManageMerchant, type MerchantView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { failureMessageZh, merchantApi, type StaffMe } from '../api'
import { ConsoleShell, type NavItem } from '../console/ConsoleShell'
import { Notice } from '../console/controls'
import { MERCHANT_STATUS, signedInLabel } from '../console/labels'
import { MERCHANT_TILL_PAGE } from '../staff/routes'
import { StatePanel } from '../ui/StatePanel'
import {
  ADMIN_CAMPAIGNS_PAGE,
  ADMIN_RISK_HOLDS_PAGE,
  ADMIN_COUPONS_PAGE,
  ADMIN_DASHBOARD_PAGE,
  ADMIN_DEVELOPER_PAGE,
  ADMIN_KYC_PAGE,
  ADMIN_MEMBER_LEVELS_PAGE,
  ADMIN_POINTS_MALL_PAGE,
  ADMIN_PRODUCTS_PAGE,
  ADMIN_REPORTS_PAGE,
  ADMIN_STATEMENTS_PAGE,
  ADMIN_STORES_PAGE
} from './routes'

const NAV: NavItem[] = [
  { label: '经营概览', url: ADMIN_DASHBOARD_PAGE },
  { label: '卡产品', url: ADMIN_PRODUCTS_PAGE },
  { label: '优惠券', url: ADMIN_COUPONS_PAGE },
  { label: '积分商城', url: ADMIN_POINTS_MALL_PAGE },
  { label: '会员等级', url: ADMIN_MEMBER_LEVELS_PAGE },
  { label: '充值活动', url: ADMIN_CAMPAIGNS_PAGE },
  { label: '门店与员工', url: ADMIN_STORES_PAGE },
  { label: '结算单', url: ADMIN_STATEMENTS_PAGE },
  { label: '报表', url: ADMIN_REPORTS_PAGE },
  { label: '风控审核', url: ADMIN_RISK_HOLDS_PAGE },
  { label: '开发者设置', url: ADMIN_DEVELOPER_PAGE }
]

export interface AdminContext {
  me: StaffMe
  merchant: MerchantView
}

type ContextState = { status: 'loading' } | { status: 'failed'; messageZh: string } | { status: 'ready'; context: AdminContext }

/** Who is signed in and for which merchant; cashiers have no back office and are sent to the till. */
function useAdminContext() {
  const [state, setState] = useState<ContextState>({ status: 'loading' })
  const load = useCallback(async () => {
    setState({ status: 'loading' })
    const [me, merchant] = await Promise.all([merchantApi.getMe(), merchantApi.getMerchant()])
    if (!me.ok) return setState({ status: 'failed', messageZh: failureMessageZh(me.failure) })
    if (!canManageMerchant(me.data.role)) return void replacePage(MERCHANT_TILL_PAGE)
    if (!merchant.ok) return setState({ status: 'failed', messageZh: failureMessageZh(merchant.failure) })
    setState({ status: 'ready', context: { me: me.data, merchant: merchant.data } })
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  return { state, reload: load }
}

interface Props {
  /** This page's path (its nav entry is marked). */
  current: string
  title: string
  children: (context: AdminContext) => ReactNode
}

/** A page of the merchant back office: the frame, the signed-in owner or manager, then the page's own content. */
export function AdminPage({ current, title, children }: Props) {
  const { state, reload } = useAdminContext()
  const who = state.status === 'ready' ? signedInLabel(state.context.merchant.displayName, state.context.me.displayName, state.context.me.role) : null
  const till = (
    <button type='button' className='console__link' onClick={() => void replacePage(MERCHANT_TILL_PAGE)}>
      收银台
    </button>
  )

  return (
    <ConsoleShell brand='聚卡商户后台' who={who} nav={NAV} current={current} title={title} extra={till} onLogout={() => void merchantApi.logout()}>
      {state.status === 'loading' && <StatePanel kind='loading' />}
      {state.status === 'failed' && <StatePanel kind='error' text={state.messageZh} onRetry={() => void reload()} />}
      {state.status === 'ready' && (
        <>
          <MerchantStatusNotice merchant={state.context.merchant} />
          {children(state.context)}
        </>
      )}
    </ConsoleShell>
  )
}

function KycLink({ children }: { children: ReactNode }) {
  return (
    <button type='button' className='console__link' onClick={() => void replacePage(ADMIN_KYC_PAGE)}>
      {children}
    </button>
  )
}

function MerchantStatusNotice({ merchant }: { merchant: MerchantView }) {
  switch (merchant.status) {
    case 'APPROVED':
      return null
    case 'FROZEN':
      return <Notice tone='error'>商户已被平台暂停服务：顾客暂时不能充值或消费。如有疑问请联系平台运营。</Notice>
    case 'REJECTED':
      return (
        <Notice tone='error'>
          商户资料未通过审核{merchant.rejectReason ? `：${merchant.rejectReason}` : ''}。<KycLink>修改资料并重新提交</KycLink>
        </Notice>
      )
    case 'DRAFT':
      return (
        <Notice tone='info'>
          商户状态：{MERCHANT_STATUS.DRAFT.zh}。提交资料并通过审核后才能售卡和收款。<KycLink>去提交资料</KycLink>
        </Notice>
      )
    case 'PENDING_REVIEW':
      return <Notice tone='info'>商户状态：{MERCHANT_STATUS.PENDING_REVIEW.zh}。审核通过后才能售卡和收款。</Notice>
  }
}
