import type { CardBalance, CardProductView, CardView, CouponTemplateView, CouponTerms, CouponView, MemberCodeView, MemberLadderView, MemberLevelView, MembershipView, PointsItemView } from '@jucard/shared'

/** The merchant every fixture belongs to. */
const SHOP = { merchantId: 'm-1', merchantName: '茶颜小馆' } as const

export function aCard(overrides: Partial<Omit<CardView, 'balance'>> & { balance?: Partial<CardBalance> } = {}): CardView {
  const { balance, ...rest } = overrides
  return {
    id: 'card-1',
    cardNo: '8800000000001234',
    status: 'ACTIVE',
    ...SHOP,
    productId: 'p-1',
    productName: '储值卡',
    coverStyle: 'jade',
    logoUrl: null,
    coverUrl: null,
    kind: 'NAMED',
    balance: { principalFen: 50000, bonusFen: 5000, totalFen: 55000, points: 12, ...balance },
    maxBalanceFen: 500000,
    expiresAt: null,
    createdAt: '2026-11-01T02:00:00.000Z',
    servicePhone: null,
    platformServicePhone: '400-820-0000',
    terms: {
      tiers: [
        { payFen: 50000, bonusFen: 5000 },
        { payFen: 100000, bonusFen: 15000 }
      ],
      allowCustomAmount: true,
      minTopUpFen: 1000,
      deductionRule: 'PRO_RATA',
      pointsPerYuan: 1,
      storeIds: [],
      description: '本金永久有效；赠送金额不可退。',
      paymentChannels: ['WECHATPAY', 'ALIPAY', 'UNIONPAY']
    },
    ...rest
  }
}

export function aProduct(overrides: Partial<CardProductView> = {}): CardProductView {
  return {
    id: 'p-1',
    ...SHOP,
    name: '储值卡',
    coverStyle: 'jade',
    logoFileId: null,
    coverFileId: null,
    logoUrl: null,
    coverUrl: null,
    kind: 'NAMED',
    tiers: [
      { payFen: 50000, bonusFen: 5000 },
      { payFen: 100000, bonusFen: 15000 }
    ],
    allowCustomAmount: true,
    minTopUpFen: 1000,
    maxBalanceFen: 500000,
    validityMonths: null,
    storeIds: [],
    deductionRule: 'PRO_RATA',
    pointsPerYuan: 1,
    pointsValidYears: 1,
    description: '',
    status: 'ACTIVE',
    claimToken: 'claim-1',
    createdAt: '2026-11-01T02:00:00.000Z',
    ...overrides
  }
}

export function aMemberCode(overrides: Partial<MemberCodeView> = {}): MemberCodeView {
  const now = Date.now()
  return {
    codeId: 'code-1',
    numericCode: '281234567890123456',
    qrPayload: 'JC1:281234567890123456',
    expiresAt: new Date(now + 60_000).toISOString(),
    ttlSeconds: 60,
    refreshAfterSeconds: 45,
    serverTime: new Date(now).toISOString(),
    ...overrides
  }
}

/** 满100减10: the terms every coupon fixture starts from. */
export const TEN_OFF_A_HUNDRED: CouponTerms = { kind: 'AMOUNT_OFF', amountOffFen: 1_000, percentOff: null, capFen: null, thresholdFen: 10_000 }

/** 9折 (10 % off) with no threshold, at most `capFen` off. */
export const tenPercentOff = (capFen: number): CouponTerms => ({ kind: 'PERCENT_OFF', amountOffFen: null, percentOff: 10, capFen, thresholdFen: 0 })

/** A coupon template of the back office: 新客满100减10, 30 days from issue, 3 of 100 issued, one per member. */
export function aCouponTemplate(overrides: Partial<CouponTemplateView> = {}): CouponTemplateView {
  return {
    id: 't-1',
    merchantId: 'm-1',
    name: '新客满100减10',
    description: '',
    ...TEN_OFF_A_HUNDRED,
    status: 'ACTIVE',
    // 30 days from issue, every store
    validDays: 30,
    validFrom: null,
    validUntil: null,
    storeIds: [],
    issuedCount: 3,
    totalQuantity: 100,
    perConsumerLimit: 1,
    claimToken: 't-1.sig',
    createdAt: '2026-12-01T01:00:00.000Z',
    ...overrides
  }
}

/** A consumer's coupon (我的券): 新客满减券 of 茶颜小馆, usable in December. */
export function aCoupon(overrides: Partial<CouponView> = {}): CouponView {
  return {
    id: 'cp-1',
    templateId: 't-1',
    ...SHOP,
    name: '新客满减券',
    description: '全场通用',
    ...TEN_OFF_A_HUNDRED,
    storeIds: [],
    validFrom: '2026-12-01T00:00:00.000Z',
    validUntil: '2026-12-31T15:59:59.000Z',
    status: 'AVAILABLE',
    source: 'ISSUED',
    issuedAt: '2026-12-01T00:00:00.000Z',
    usedAt: null,
    ...overrides
  }
}

/** A points mall item: one 新客满100减10 (30 days from the exchange) for 10 points, 5 of 50 exchanged. */
export function aPointsItem(overrides: Partial<Omit<PointsItemView, 'coupon'>> & { coupon?: Partial<PointsItemView['coupon']> } = {}): PointsItemView {
  const { coupon, ...rest } = overrides
  return {
    id: 'pi-1',
    merchantId: 'm-1',
    couponTemplateId: 't-1',
    pointsPrice: 10,
    stock: 50,
    exchangedCount: 5,
    remaining: 45,
    status: 'ACTIVE',
    createdAt: '2026-12-02T01:00:00.000Z',
    coupon: { name: '新客满100减10', description: '', ...TEN_OFF_A_HUNDRED, validFrom: null, validUntil: null, validDays: 30, storeIds: [], ...coupon },
    ...rest
  }
}

/**
 * 茶颜小馆's member ladder, lowest first: 银卡 from ¥1,000 (×1, full price), 金卡 from ¥5,000 (×1.5, 9.5折), 钻石卡 from
 * ¥20,000 (×2, 9折).
 */
export const SILVER: MemberLevelView = { id: 'lv-1', rank: 1, name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 }
export const GOLD: MemberLevelView = { id: 'lv-2', rank: 2, name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150, discountRate: 95 }
export const DIAMOND: MemberLevelView = { id: 'lv-3', rank: 3, name: '钻石卡', thresholdFen: 2_000_000, pointsMultiplierPct: 200, discountRate: 90 }

export function aLadder(levels: MemberLevelView[] = [SILVER, GOLD, DIAMOND]): MemberLadderView {
  return { levels }
}

/** card-1's holder at 茶颜小馆: ¥19,620 topped up, so 金卡, ¥380 short of 钻石卡. */
export function aMembership(overrides: Partial<MembershipView> = {}): MembershipView {
  return { cardId: 'card-1', merchantName: SHOP.merchantName, toppedUpFen: 1_962_000, level: GOLD, next: { level: DIAMOND, missingFen: 38_000 }, ...overrides }
}
