import type {
  AgreementsAcceptanceRequest,
  AgreementsStatusView,
  CampaignOfferView,
  BalanceRefundView,
  CardEvent,
  CardGiftOffer,
  CardGiftPreview,
  CardGiftView,
  CardMovement,
  CardReceipt,
  CardProductView,
  CardReplacementView,
  CardTermsView,
  CardUnlockCodeSent,
  CardView,
  ConsumerProfile,
  CouponView,
  CoolingOffQuoteView,
  CreateTopUpRequest,
  MemberCodeStatus,
  MemberCodeView,
  MembershipView,
  Page,
  PhoneLoginRequest,
  PointsExchangeRequest,
  PointsExchangeView,
  PointsMallView,
  RealNameRequest,
  RealNameView,
  RefundQuoteView,
  TopUpView
} from '@jucard/shared'
import { restartAt } from '@/platform/navigation'
import { LOGIN_PAGE } from '../wallet/routes'
import { consumerSession } from './session'
import { createTransport } from './transport'

const id = encodeURIComponent

/**
 * The consumer API (wallet, member codes, top-ups), typed with the @jucard/shared contracts. Same contract as
 * the merchant client: every method resolves to `{ ok, data | failure }`; a dead session goes to the login page.
 */
export function createConsumerApi(options: { onSignedOut?: () => Promise<void> } = {}) {
  const transport = createTransport(consumerSession, options.onSignedOut ?? (() => restartAt(LOGIN_PAGE)))
  const call = transport.authedCall

  return {
    /** H5: texts a six-digit code to the phone. */
    sendPhoneCode: (phone: string) =>
      transport.publicCall<{ resendAfterSeconds: number }>({ method: 'POST', path: '/auth/consumer/phone/code', body: { phone } }),
    loginWithPhone: (body: PhoneLoginRequest) => transport.signIn('/auth/consumer/phone', body),
    /** weapp: the code from `wx.login`. */
    loginWithWechat: (code: string) => transport.signIn('/auth/consumer/wechat', { code }),
    hasSession: transport.hasSession,
    logout: transport.logout,
    getProfile: () => call<ConsumerProfile>({ method: 'GET', path: '/me' }),
    /** 我的券: every merchant's coupons, newest first (docs/marketing.md). */
    listCoupons: () => call<CouponView[]>({ method: 'GET', path: '/me/coupons' }),
    getCoupon: (couponId: string) => call<CouponView>({ method: 'GET', path: `/me/coupons/${id(couponId)}` }),
    /** 积分商城: the card's points and what its merchant offers for them now (ACTIVE items in stock). */
    pointsMall: (cardId: string) => call<PointsMallView>({ method: 'GET', path: `/me/cards/${id(cardId)}/points-mall` }),
    /** Idempotent on `idempotencyKey`: a retry with the same key answers the first exchange (one debit, one coupon). */
    exchangePoints: (cardId: string, body: PointsExchangeRequest) =>
      call<PointsExchangeView>({ method: 'POST', path: `/me/cards/${id(cardId)}/points-exchanges`, body }),
    /** 会员等级: the holder's level at the card's merchant and what the next one takes (both null without a ladder). */
    membership: (cardId: string) => call<MembershipView>({ method: 'GET', path: `/me/cards/${id(cardId)}/membership` }),

    listCards: () => call<CardView[]>({ method: 'GET', path: '/me/cards' }),
    getCard: (cardId: string) => call<CardView>({ method: 'GET', path: `/me/cards/${id(cardId)}` }),
    /** The top-up campaign a top-up of this card is made under now, with each tier's reward; null when none runs. */
    campaignOffer: (cardId: string) => call<CampaignOfferView | null>({ method: 'GET', path: `/me/cards/${id(cardId)}/campaign-offer` }),
    /** What a claim link offers; anyone may look before signing in. */
    previewClaim: (claimToken: string) => transport.publicCall<CardProductView>({ method: 'GET', path: `/claim/${id(claimToken)}` }),
    /** With the version of the product's terms the claim page showed (needed when the product has terms). */
    claimCard: (claimToken: string, acceptedTermsVersion?: number) =>
      call<CardView>({ method: 'POST', path: '/me/cards', body: acceptedTermsVersion === undefined ? { claimToken } : { claimToken, acceptedTermsVersion } }),
    /** 用户协议 / 隐私政策 accepted at sign-in: the versions shown. */
    acceptAgreements: (body: AgreementsAcceptanceRequest) => call<AgreementsStatusView>({ method: 'POST', path: '/me/agreements', body }),
    /** The card's 预付卡章程 / 充值协议 in force and whether this consumer accepted it (the top-up page asks first). */
    cardTerms: (cardId: string) => call<CardTermsView>({ method: 'GET', path: `/me/cards/${id(cardId)}/terms` }),
    listMovements: (cardId: string, cursor?: string, limit = 20) =>
      call<Page<CardMovement>>({ method: 'GET', path: `/me/cards/${id(cardId)}/movements`, query: { limit: String(limit), cursor } }),

    /** One line per business event (a sale, a top-up with its bonus…), newest first, with the balance it left. */
    listEvents: (cardId: string, cursor?: string, limit = 20) =>
      call<Page<CardEvent>>({ method: 'GET', path: `/me/cards/${id(cardId)}/events`, query: { limit: String(limit), cursor } }),
    getReceipt: (cardId: string, eventId: string) => call<CardReceipt>({ method: 'GET', path: `/me/cards/${id(cardId)}/events/${id(eventId)}` }),

    issueMemberCode: (cardId: string) => call<MemberCodeView>({ method: 'POST', path: `/me/cards/${id(cardId)}/member-code` }),
    memberCodeStatus: (codeId: string) => call<MemberCodeStatus>({ method: 'GET', path: `/me/member-codes/${id(codeId)}` }),

    /** Idempotent on `idempotencyKey`: a retry with the same key returns the same order. */
    createTopUp: (body: CreateTopUpRequest) => call<TopUpView>({ method: 'POST', path: '/me/topups', body }),
    getTopUp: (orderId: string) => call<TopUpView>({ method: 'GET', path: `/me/topups/${id(orderId)}` }),

    /** Idempotent on `idempotencyKey`. Unused principal goes back to the channel; bonus is forfeited. */
    /** What 退卡 would return now and how it is worked out; changes nothing. */
    refundQuote: (cardId: string) => call<RefundQuoteView>({ method: 'GET', path: `/me/cards/${id(cardId)}/refund-quote` }),
    /** The top-ups the 冷静期 still covers (returned in full, the card kept); changes nothing. */
    coolingOffQuote: (cardId: string) => call<CoolingOffQuoteView>({ method: 'GET', path: `/me/cards/${id(cardId)}/cooling-off-quote` }),
    coolingOffRefund: (cardId: string, idempotencyKey: string, quotedRefundFen: number) =>
      call<BalanceRefundView>({ method: 'POST', path: `/me/cards/${id(cardId)}/cooling-off-refunds`, body: { idempotencyKey, quotedRefundFen } }),
    /** With `quotedRefundFen`, refused (REFUND_QUOTE_CHANGED) when the card changed since that quote. */
    refundBalance: (cardId: string, idempotencyKey: string, quotedRefundFen?: number) =>
      call<BalanceRefundView>({ method: 'POST', path: `/me/cards/${id(cardId)}/refunds`, body: { idempotencyKey, quotedRefundFen } }),
    getRefund: (cardId: string, refundId: string) =>
      call<BalanceRefundView>({ method: 'GET', path: `/me/cards/${id(cardId)}/refunds/${id(refundId)}` }),

    /** 挂失: the card stops at once (named cards only). */
    reportCardLost: (cardId: string) => call<CardView>({ method: 'POST', path: `/me/cards/${id(cardId)}/loss` }),
    /** 解挂 in two steps: an SMS code to the account's phone, then the code. */
    sendCardUnlockCode: (cardId: string) => call<CardUnlockCodeSent>({ method: 'POST', path: `/me/cards/${id(cardId)}/unlock-code` }),
    unlockCard: (cardId: string, code: string) => call<CardView>({ method: 'POST', path: `/me/cards/${id(cardId)}/unlock`, body: { code } }),
    /** 实名: the account's status; the ID number only ever comes back masked. */
    getRealName: () => call<RealNameView>({ method: 'GET', path: '/me/real-name' }),
    /** Checked against the identity-verification service; nothing is kept unless it matches. */
    verifyRealName: (body: RealNameRequest) => call<RealNameView>({ method: 'POST', path: '/me/real-name', body }),
    /** 补卡: once per lost card; asked again it answers the same new card. */
    replaceCard: (cardId: string) => call<CardReplacementView>({ method: 'POST', path: `/me/cards/${id(cardId)}/replacement` }),
    /** An expired card: a new validity period, the card and its balance kept. */
    reactivateCard: (cardId: string) => call<CardView>({ method: 'POST', path: `/me/cards/${id(cardId)}/reactivation` }),
    /** An expired card: a new card number with every balance; once per card. */
    replaceExpiredCard: (cardId: string) => call<CardReplacementView>({ method: 'POST', path: `/me/cards/${id(cardId)}/expiry-replacement` }),
    /** 转赠: a one-time share link for the whole card (shown once), its pending gift, and 取消. */
    offerGift: (cardId: string) => call<CardGiftOffer>({ method: 'POST', path: `/me/cards/${id(cardId)}/gifts` }),
    pendingGift: (cardId: string) => call<CardGiftView | null>({ method: 'GET', path: `/me/cards/${id(cardId)}/gift` }),
    cancelGift: (giftId: string) => call<CardGiftView>({ method: 'POST', path: `/me/gifts/${id(giftId)}/cancel` }),
    /** The friend's side: what the link gives, then the claim (a named card after 实名). */
    previewGift: (token: string) => call<CardGiftPreview>({ method: 'GET', path: `/me/gift-claims/preview?token=${id(token)}` }),
    claimGift: (token: string) => call<CardView>({ method: 'POST', path: '/me/gift-claims', body: { token } })
  }
}

export type ConsumerApi = ReturnType<typeof createConsumerApi>

/** The consumer app's one client. */
export const consumerApi: ConsumerApi = createConsumerApi()
