import { useEffect, useState } from 'react'
import type { MerchantView } from '@jucard/shared'
import { replacePage } from '@/platform/navigation'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button } from '../../console/controls'
import { ADMIN_KYC_PAGE, ADMIN_PRODUCT_PAGE, ADMIN_PRODUCTS_PAGE, ADMIN_STORES_PAGE } from '../routes'
import './onboarding.css'

interface Step {
  key: string
  title: string
  detail: string
  done: boolean
  action: { label: string; url: string } | null
}

type Counts = { products: number; stores: number; staff: number }

/** What a new merchant does first, in order, ticked off as it happens; gone once everything is done. */
export function FirstSteps({ merchant }: { merchant: MerchantView }) {
  const approved = merchant.status === 'APPROVED'
  const [counts, setCounts] = useState<Counts | null>(null)

  useEffect(() => {
    if (!approved) return
    void Promise.all([merchantAdminApi.listProducts(), merchantAdminApi.listStores(), merchantAdminApi.listStaff()]).then(([products, stores, staff]) => {
      // a list that did not load counts as not done: the step stays offered rather than the checklist failing
      setCounts({ products: products.ok ? products.data.length : 0, stores: stores.ok ? stores.data.length : 0, staff: staff.ok ? staff.data.length : 0 })
    })
  }, [approved])

  const submitted = merchant.status !== 'DRAFT' && merchant.status !== 'REJECTED'
  const steps: Step[] = [
    {
      key: 'kyc',
      title: '提交商户资料',
      detail: merchant.status === 'PENDING_REVIEW' ? '已提交，等待平台审核' : merchant.status === 'REJECTED' ? `未通过：${merchant.rejectReason ?? '请修改后重新提交'}` : '营业执照、法定代表人身份证和结算账户',
      done: submitted && merchant.status !== 'PENDING_REVIEW',
      action: submitted ? null : { label: merchant.status === 'REJECTED' ? '修改资料' : '去提交', url: ADMIN_KYC_PAGE }
    },
    { key: 'store', title: '开设门店', detail: '顾客在哪些门店用卡消费', done: (counts?.stores ?? 0) > 0, action: approved ? { label: '添加门店', url: ADMIN_STORES_PAGE } : null },
    { key: 'product', title: '创建会员卡', detail: '充值档位、赠送金额、适用门店', done: (counts?.products ?? 0) > 0, action: approved ? { label: '新建卡产品', url: ADMIN_PRODUCT_PAGE } : null },
    { key: 'staff', title: '添加收银员', detail: '收银员用自己的账号在收银台扫码收款', done: (counts?.staff ?? 0) > 1, action: approved ? { label: '添加员工', url: ADMIN_STORES_PAGE } : null },
    {
      key: 'qr',
      title: '张贴领卡二维码',
      detail: '顾客扫码即可领卡充值；在「卡产品」页打印',
      done: false,
      action: approved && (counts?.products ?? 0) > 0 ? { label: '打印二维码', url: ADMIN_PRODUCTS_PAGE } : null
    }
  ]
  // the QR step can't be seen from here; the checklist goes once a product exists and the rest is done
  if (approved && counts && steps.slice(0, 4).every((step) => step.done)) return null

  return (
    <ConsoleCard className='onboarding' title='开店第一步' titleId='first-steps-title'>
      <ol className='onboarding__steps'>
        {steps.map((step, index) => (
          <li key={step.key} className={`onboarding__step${step.done ? ' onboarding__step--done' : ''}`}>
            <span className='onboarding__mark' aria-hidden>
              {step.done ? '✓' : index + 1}
            </span>
            <span className='onboarding__text'>
              <span className='onboarding__title'>
                {step.title}
                {step.done && <span className='visually-hidden'>（已完成）</span>}
              </span>
              <span className='onboarding__detail'>{step.detail}</span>
            </span>
            {step.action && !step.done && (
              <Button variant='secondary' onClick={() => void replacePage(step.action?.url ?? ADMIN_KYC_PAGE)}>
                {step.action.label}
              </Button>
            )}
          </li>
        ))}
      </ol>
    </ConsoleCard>
  )
}
