/** Pages of the merchant package (see app.config.ts subPackages). */
export const MERCHANT_LOGIN_PAGE = '/pages-merchant/login/index'
export const MERCHANT_TILL_PAGE = '/pages-merchant/redeem/index'
