import type { CouponTemplateInput, CouponTemplateView, CouponView, IssueCouponRequest } from '@jucard/shared'
import { merchantApi } from '../../api/client'
import { pathSegment as id, type AuthedCall } from '../../api/transport'

/** 优惠券 in the back office (owner or manager): templates, stopping one, issuing one to a member (docs/marketing.md). */
export function createCouponsAdminApi(call: AuthedCall) {
  return {
    listTemplates: () => call<CouponTemplateView[]>({ method: 'GET', path: '/merchant/coupon-templates' }),
    createTemplate: (body: CouponTemplateInput) => call<CouponTemplateView>({ method: 'POST', path: '/merchant/coupon-templates', body }),
    stopTemplate: (templateId: string) => call<CouponTemplateView>({ method: 'POST', path: `/merchant/coupon-templates/${id(templateId)}/stop` }),
    /** Idempotent on `requestNo`: a resend returns the first coupon. */
    issue: (templateId: string, body: IssueCouponRequest) => call<CouponView>({ method: 'POST', path: `/merchant/coupon-templates/${id(templateId)}/issues`, body })
  }
}

export const couponsAdminApi = createCouponsAdminApi(merchantApi.authedCall)
