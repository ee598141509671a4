/** Pages of the consumer app (see app.config.ts). Builders take ids, so callers never assemble query strings. */
export const LOGIN_PAGE = '/pages/login/index'
export const WALLET_PAGE = '/pages/index/index'

const withQuery = (page: string, query: Record<string, string>) =>
  `${page}?${Object.entries(query)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')}`

export const claimPage = (token: string) => withQuery('/pages/claim/index', { token })
export const cardPage = (id: string) => withQuery('/pages/card/index', { id })
export const giftClaimPage = (token: string) => withQuery('/pages/gift-claim/index', { token })
export const memberCodePage = (cardId: string) => withQuery('/pages/member-code/index', { cardId })
export const topUpPage = (cardId: string) => withQuery('/pages/topup/index', { cardId })
export const topUpResultPage = (orderId: string) => withQuery('/pages/topup-result/index', { orderId })
export const receiptPage = (cardId: string, eventId: string) => withQuery('/pages/receipt/index', { cardId, eventId })
export const ACCOUNT_PAGE = '/pages/account/index'
export const COUPONS_PAGE = '/pages/coupons/index'
export const couponPage = (id: string) => withQuery('/pages/coupon/index', { id })
/** 积分商城 of the card's merchant: its points for that merchant's coupons. */
export const pointsMallPage = (cardId: string) => withQuery('/pages/points-mall/index', { cardId })
/** 实名认证; `back` is where a verified consumer continues (the top-up that asked for it). */
export const realNamePage = (back?: string) => (back ? withQuery('/pages/real-name/index', { back }) : '/pages/real-name/index')
export const historyPage = (cardId: string) => withQuery('/pages/history/index', { cardId })
/** Where a signed-out shopper goes, and where they return to after signing in. */
export const loginPage = (back?: string) => (back ? withQuery(LOGIN_PAGE, { back }) : LOGIN_PAGE)
