/**
 * Coupons at the till (features/redeem): after the scan and the amount, the member's usable coupons are offered with
 * the best one proposed, the payable falls, the cashier can pick another or none, and the receipt shows 原价 / 优惠券 /
 * 实付. Real API client and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import type { MemberCodeInspection, RedemptionView, StoreView, TillCouponOffer } from '@jucard/shared'
import { Till } from '@/features/redeem/Till'
import { fakeBff } from './support/fake-platform'
import { TEN_OFF_A_HUNDRED, tenPercentOff } from './support/fixtures'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

const STORE = { id: 'store-1', merchantId: 'm-1', name: '静安店', address: '上海', createdAt: '2026-11-25T00:00:00.000Z' } as StoreView
const CODE = '931123456789654321'

const offer = (overrides: Partial<TillCouponOffer>): TillCouponOffer => ({
  couponId: 'cp-1',
  name: '满100减10',
  ...TEN_OFF_A_HUNDRED,
  validUntil: '2026-12-31T00:00:00.000Z',
  discountFen: null,
  ...overrides
})

const MEMBER: MemberCodeInspection = {
  codeId: '123456789',
  cardNoMasked: '6222 **** **** 0001',
  productName: '莲花会员卡',
  holder: { nameMasked: '林**', phoneMasked: '138****5678' },
  balance: { principalFen: 50_000, bonusFen: 0, totalFen: 50_000, points: 0 },
  expiresAt: '2026-11-25T10:01:00.000Z',
  coupons: [
    offer({}),
    offer({ couponId: 'cp-2', name: '9折券', ...tenPercentOff(3_000) })
  ]
}

const receipt = (body: { amountFen: number; couponId?: string }): RedemptionView => {
  const discountFen = body.couponId === 'cp-2' ? Math.min(Math.floor(body.amountFen / 10), 3_000) : body.couponId === 'cp-1' ? 1_000 : 0
  const paidFen = body.amountFen - discountFen
  return {
    redemptionId: 'r-1',
    merchantOrderNo: 'ORD-1',
    storeId: 'store-1',
    storeName: '静安店',
    cardNoMasked: '6222 **** **** 0001',
    amountFen: paidFen,
    principalFen: paidFen,
    bonusFen: 0,
    pointsEarned: 0,
    refundedFen: 0,
    balanceAfter: { principalFen: 50_000 - paidFen, bonusFen: 0, totalFen: 50_000 - paidFen, points: 0 },
    createdAt: '2026-11-25T09:00:00.000Z',
    replayed: false,
    ...(body.couponId ? { coupon: { couponId: body.couponId, listPriceFen: body.amountFen, discountFen, paidFen } } : {})
  }
}

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
  fakeBff.on('POST /merchant/member-codes/inspect', () => ({ status: 200, body: MEMBER }))
  fakeBff.on('POST /merchant/redemptions', (request) => ({ status: 201, body: receipt(request.body as { amountFen: number; couponId?: string }) }))
})

async function toConfirmation(yuan: string) {
  render(<Till store={STORE} onRedeemed={jest.fn()} />)
  fireEvent.input(document.querySelector('input')!, { target: { value: CODE } })
  fireEvent.click(screen.getByText('下一步'))
  await screen.findByText('输入收款金额')
  fireEvent.input(document.querySelector('input')!, { target: { value: yuan } })
  fireEvent.click(screen.getByText('下一步：核对金额'))
  await screen.findByText('确认收款')
}

test('proposes the best coupon for the amount, lowers the payable, and the receipt shows 原价 / 优惠券 / 实付', async () => {
  await toConfirmation('200')

  expect(screen.getByRole('radio', { name: /9折券 · 减 ¥20.00/ })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByText('原价 ¥200.00 · 优惠券 -¥20.00 · 实付 ¥180.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  expect(await screen.findByText('收款成功')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/redemptions')[0]!.body).toMatchObject({ code: CODE, amountFen: 20_000, couponId: 'cp-2' })
  expect(screen.getByText('原价 ¥200.00')).toBeInTheDocument()
  expect(screen.getByText('优惠券 -¥20.00')).toBeInTheDocument()
  expect(screen.getByText('实付 ¥180.00（会员卡）')).toBeInTheDocument()
})

test('lets the cashier pick another coupon, or none, before confirming', async () => {
  await toConfirmation('200')

  fireEvent.click(screen.getByText('满100减10 · 减 ¥10.00'))
  expect(screen.getByText('原价 ¥200.00 · 优惠券 -¥10.00 · 实付 ¥190.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('不使用优惠券'))
  expect(screen.queryByText(/实付/)).not.toBeInTheDocument()
  expect(screen.getByText('¥200.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  await screen.findByText('收款成功')
  expect(fakeBff.calls('POST /merchant/redemptions')[0]!.body).not.toHaveProperty('couponId')
})

test('offers only the coupons that apply to this amount', async () => {
  await toConfirmation('50')

  expect(screen.getByText('9折券 · 减 ¥5.00')).toBeInTheDocument()
  expect(screen.queryByText(/满100减10 ·/)).not.toBeInTheDocument()
})

test('a coupon used meanwhile is refused with nothing charged and the way on: scan again', async () => {
  fakeBff.on('POST /merchant/redemptions', () => ({ status: 409, body: { code: 'COUPON_USED', messageZh: '优惠券已被使用', messageEn: 'x', requestId: 'q' } }))
  await toConfirmation('200')
  fireEvent.click(screen.getByText('确认收款'))

  expect(await screen.findByText('优惠券已被使用')).toBeInTheDocument()
  expect(screen.getByText('没有扣款')).toBeInTheDocument()
  expect(screen.getByText('请让顾客刷新会员码后重新扫码，换一张券或不用券')).toBeInTheDocument()
})

test('the audit trail says a coupon sale in words: 原价, 优惠券 and what the card paid', async () => {
  const { auditDetailZh } = await import('@/features/ops/freeze/audit-labels')
  const words = auditDetailZh({ redemptionId: 'r-1', amountFen: 11_000, storeId: 's-1', operator: 'staff-1', couponId: 'cp-1', listPriceFen: 12_000, discountFen: 1_000 }, { action: 'card.redeemed' })
  expect(words).toContain('原价：¥120.00')
  expect(words).toContain('优惠券：¥10.00')
  expect(words).toContain('¥110.00')
  expect(words).not.toContain('cp-1')
})
