/** Pages of the merchant back office package (H5 only, see app.config.ts subPackages). */
export const ADMIN_DASHBOARD_PAGE = '/pages-admin/dashboard/index'
export const ADMIN_PRODUCTS_PAGE = '/pages-admin/products/index'
/** `?productId=` edits that product; without it, a new one. */
export const ADMIN_PRODUCT_PAGE = '/pages-admin/product/index'
export const ADMIN_STORES_PAGE = '/pages-admin/stores/index'
export const ADMIN_STATEMENTS_PAGE = '/pages-admin/statements/index'
/** `?statementId=` */
export const ADMIN_STATEMENT_PAGE = '/pages-admin/statement/index'
export const ADMIN_REPORTS_PAGE = '/pages-admin/reports/index'
/** 优惠券: coupon templates and issuing (docs/marketing.md). */
export const ADMIN_COUPONS_PAGE = '/pages-admin/coupons/index'
/** 积分商城: coupons members exchange for their points. */
export const ADMIN_POINTS_MALL_PAGE = '/pages-admin/points-mall/index'
/** 会员等级: the ladder of levels by cumulative top-up, and each level's points multiplier. */
export const ADMIN_MEMBER_LEVELS_PAGE = '/pages-admin/member-levels/index'
/** 充值活动: top-up campaigns and their results. */
export const ADMIN_CAMPAIGNS_PAGE = '/pages-admin/campaigns/index'
/** 风控审核: the merchant's operations a risk hold stopped, with what to tell the customer (docs/risk.md). */
export const ADMIN_RISK_HOLDS_PAGE = '/pages-admin/risk-holds/index'
/** 开发者设置: API keys and webhook endpoints (owners only). */
export const ADMIN_DEVELOPER_PAGE = '/pages-admin/developer/index'
/** Sign-up of a new merchant (no session needed). */
export const ADMIN_SIGNUP_PAGE = '/pages-admin/signup/index'
/** 商户资料: KYC, first submission or resubmission after a rejection. */
export const ADMIN_KYC_PAGE = '/pages-admin/kyc/index'
