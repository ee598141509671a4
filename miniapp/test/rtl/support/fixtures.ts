import type { CardBalance, CardProductView, CardView, MemberCodeView } from '@jucard/shared'

export function aCard(overrides: Partial<Omit<CardView, 'balance'>> & { balance?: Partial<CardBalance> } = {}): CardView {
  const { balance, ...rest } = overrides
  return {
    id: 'card-1',
    cardNo: '8800000000001234',
    status: 'ACTIVE',
    merchantId: 'm-1',
    merchantName: '茶颜小馆',
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
    merchantId: 'm-1',
    merchantName: '茶颜小馆',
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
