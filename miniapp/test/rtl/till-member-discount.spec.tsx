/**
 * A member level's discount at the till (features/redeem): the scan shows the level (金卡 · 9.5折), the confirmation
 * prices it after the coupon (原价 / 优惠券 / 会员折扣 / 实付) as the BFF will, 余额不足 counts what the card will pay,
 * and the receipt says the lines of the sale's answer. Real API client and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { MemberCodeInspection, RedemptionView, StoreView, TillCouponOffer } from '@jucard/shared'
import { Till } from '@/features/redeem/Till'
import { levelDiscountFen, listPriceForPay, salePrice, wholeBalanceSplit } from '@/features/redeem/sale-price'
import { fakeBff } from './support/fake-platform'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

const STORE = { id: 'store-1', merchantId: 'm-1', name: '静安店', address: '上海', createdAt: '2026-11-25T00:00:00.000Z' } as StoreView
const CODE = '931123456789654321'
const INSPECT = 'POST /merchant/member-codes/inspect'
const REDEEM = 'POST /merchant/redemptions'

/** 满100减20, the member's one coupon. */
const TWENTY_OFF: TillCouponOffer = {
  couponId: 'cp-1',
  name: '满100减20',
  kind: 'AMOUNT_OFF',
  amountOffFen: 2_000,
  percentOff: null,
  capFen: null,
  thresholdFen: 10_000,
  validUntil: '2026-12-31T00:00:00.000Z',
  discountFen: null
}

/** A 金卡 member (9.5折) holding `balanceFen`, with the given coupons. */
const goldMember = (balanceFen: number, coupons: TillCouponOffer[] = []): MemberCodeInspection => ({
  codeId: '123456789',
  cardNoMasked: '6222 **** **** 0001',
  productName: '莲花会员卡',
  holder: { nameMasked: '林**', phoneMasked: '138****5678' },
  balance: { principalFen: balanceFen, bonusFen: 0, totalFen: balanceFen, points: 0 },
  expiresAt: '2026-11-25T10:01:00.000Z',
  coupons,
  memberLevel: { name: '金卡', discountRate: 95 }
})

/** The BFF's answer to a sale: `amountFen` is what the card paid. */
const answer = (parts: Pick<RedemptionView, 'amountFen'> & Partial<RedemptionView>): RedemptionView => ({
  redemptionId: 'r-1',
  merchantOrderNo: 'ORD-1',
  storeId: 'store-1',
  storeName: '静安店',
  cardNoMasked: '6222 **** **** 0001',
  principalFen: parts.amountFen,
  bonusFen: 0,
  pointsEarned: 0,
  refundedFen: 0,
  balanceAfter: { principalFen: 50_000 - parts.amountFen, bonusFen: 0, totalFen: 50_000 - parts.amountFen, points: 0 },
  createdAt: '2026-11-25T09:00:00.000Z',
  replayed: false,
  ...parts
})

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

async function scanAndType(yuan: string) {
  render(<Till store={STORE} onRedeemed={jest.fn()} />)
  fireEvent.input(document.querySelector('input')!, { target: { value: CODE } })
  fireEvent.click(screen.getByText('下一步'))
  await screen.findByText('输入收款金额')
  fireEvent.input(document.querySelector('input')!, { target: { value: yuan } })
  fireEvent.click(screen.getByText('下一步：核对金额'))
}

/** The receipt's stacked lines, in order. */
const receiptLines = () => within(document.querySelector('.sale-result__coupon') as HTMLElement).getAllByText(/./).map((line) => line.textContent)

describe('pricing a sale at a member level', () => {
  test.each([
    // ¥100.01 after the coupon at 9.5折: ¥95.0095 is paid as ¥95.01, so ¥5.00 comes off
    [10_001, 95, 500],
    [10_000, 95, 500],
    [10_000, 88, 1_200],
    // ¥9.99 at 7折: ¥6.993 is paid as ¥7.00
    [999, 70, 299],
    // one fen stays one fen
    [1, 95, 0],
    [10_000, 100, 0]
  ])('of %i fen at %i percent paid takes off %i fen, rounded down to the fen', (amountFen, rate, discountFen) => {
    expect(levelDiscountFen(amountFen, rate)).toBe(discountFen)
  })

  test('takes the level’s discount after the coupon: ¥120.01 less ¥20 is ¥100.01, at 9.5折 the card pays ¥95.01', () => {
    const price = salePrice(goldMember(50_000, [TWENTY_OFF]), 12_001, 'cp-1')

    expect(price).toEqual({ listPriceFen: 12_001, couponDiscountFen: 2_000, memberDiscount: { levelName: '金卡', discountRate: 95, discountFen: 500 }, payFen: 9_501 })
  })

  test('余额不足 sends the largest list price the whole balance pays for at the level', () => {
    const member = goldMember(9_000)

    expect(listPriceForPay(member, 9_000)).toBe(9_473)
    expect(salePrice(member, 9_473, null).payFen).toBe(9_000)
    expect(salePrice(member, 9_474, null).payFen).toBe(9_001)
    expect(wholeBalanceSplit(member, 10_000)).toEqual({ amountFen: 9_473, restFen: 527 })
    expect(wholeBalanceSplit({ ...member, memberLevel: null }, 10_000)).toEqual({ amountFen: 9_000, restFen: 1_000 })
  })
})

test('shows the level after the scan, prices 9.5折 on the confirmation, and the receipt says 原价 / 会员折扣 / 实付', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(50_000) }))
  fakeBff.on(REDEEM, () => ({ status: 201, body: answer({ amountFen: 9_500, memberDiscount: { levelName: '金卡', discountFen: 500 } }) }))
  await scanAndType('100')

  expect(await screen.findByText('确认收款')).toBeInTheDocument()
  expect(within(screen.getByRole('group', { name: '顾客会员卡' })).getByText('金卡 · 9.5折')).toBeInTheDocument()
  expect(screen.getByText('¥95.00')).toBeInTheDocument()
  expect(screen.getByText('原价 ¥100.00 · 会员折扣（金卡 9.5折） -¥5.00 · 实付 ¥95.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  expect(await screen.findByText('收款成功')).toBeInTheDocument()
  // the list price goes to the BFF, which takes the level's discount itself
  expect(fakeBff.calls(REDEEM)[0]!.body).toEqual(expect.objectContaining({ code: CODE, amountFen: 10_000 }))
  expect(fakeBff.calls(REDEEM)[0]!.body).not.toHaveProperty('couponId')
  expect(receiptLines()).toEqual(['原价 ¥100.00', '会员折扣（金卡 9.5折） -¥5.00', '实付 ¥95.00（会员卡）'])
  expect(screen.getByText('¥95.00')).toHaveClass('sale-result__amount')
})

test('with a coupon the level’s discount comes after it: ¥120.01, 满100减20, 9.5折 → ¥95.01, on the confirmation and the receipt', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(50_000, [TWENTY_OFF]) }))
  fakeBff.on(REDEEM, () => ({
    status: 201,
    body: answer({ amountFen: 9_501, coupon: { couponId: 'cp-1', listPriceFen: 12_001, discountFen: 2_000, paidFen: 10_001 }, memberDiscount: { levelName: '金卡', discountFen: 500 } })
  }))
  await scanAndType('120.01')

  expect(await screen.findByText('确认收款')).toBeInTheDocument()
  expect(screen.getByRole('radio', { name: /满100减20 · 减 ¥20.00/ })).toHaveAttribute('aria-checked', 'true')
  expect(screen.getByText('¥95.01')).toBeInTheDocument()
  expect(screen.getByText('原价 ¥120.01 · 优惠券 -¥20.00 · 会员折扣（金卡 9.5折） -¥5.00 · 实付 ¥95.01')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  expect(await screen.findByText('收款成功')).toBeInTheDocument()
  expect(fakeBff.calls(REDEEM)[0]!.body).toEqual(expect.objectContaining({ amountFen: 12_001, couponId: 'cp-1' }))
  expect(receiptLines()).toEqual(['原价 ¥120.01', '优惠券 -¥20.00', '会员折扣（金卡 9.5折） -¥5.00', '实付 ¥95.01（会员卡）'])
})

test('without the coupon the level’s discount is on the whole price', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(50_000, [TWENTY_OFF]) }))
  await scanAndType('120.01')
  await screen.findByText('确认收款')

  fireEvent.click(screen.getByText('不使用优惠券'))

  expect(screen.getByText('按金卡 9.5折从会员卡扣款')).toBeInTheDocument()
  expect(screen.getByText('原价 ¥120.01 · 会员折扣（金卡 9.5折） -¥6.00 · 实付 ¥114.01')).toBeInTheDocument()
  expect(screen.getByText('¥114.01')).toBeInTheDocument()
})

test('the receipt says what the sale’s answer took off, even when the level changed since the scan', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(50_000) }))
  // the member reached 钻石卡 between the scan and the sale: the BFF priced it at that level
  fakeBff.on(REDEEM, () => ({ status: 201, body: answer({ amountFen: 9_000, memberDiscount: { levelName: '钻石卡', discountFen: 1_000 } }) }))
  await scanAndType('100')
  fireEvent.click(await screen.findByText('确认收款'))

  expect(await screen.findByText('收款成功')).toBeInTheDocument()
  expect(receiptLines()).toEqual(['原价 ¥100.00', '会员折扣（钻石卡） -¥10.00', '实付 ¥90.00（会员卡）'])
  expect(screen.getByText('¥90.00')).toHaveClass('sale-result__amount')
})

test('a bill the card covers only at the member’s price goes straight to the confirmation', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(9_600) }))
  await scanAndType('100')

  expect(await screen.findByText('确认收款')).toBeInTheDocument()
  expect(screen.queryByText(/余额不足/)).not.toBeInTheDocument()
  expect(screen.getByText('原价 ¥100.00 · 会员折扣（金卡 9.5折） -¥5.00 · 实付 ¥95.00')).toBeInTheDocument()
})

test('余额不足 at a member level charges the whole balance for the part of the bill it pays at 9.5折, the rest another way', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(9_000) }))
  fakeBff.on(REDEEM, () => ({ status: 201, body: answer({ amountFen: 9_000, memberDiscount: { levelName: '金卡', discountFen: 473 } }) }))
  await scanAndType('100')

  expect(await screen.findByText('余额不足：卡内可用 ¥90.00，本单 ¥100.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('先扣卡内全部 ¥90.00，其余 ¥5.27 用其他方式收'))

  expect(await screen.findByText('其余 ¥5.27 请用其他方式向顾客收取')).toBeInTheDocument()
  expect(screen.getByText('原价 ¥94.73 · 会员折扣（金卡 9.5折） -¥4.73 · 实付 ¥90.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  await screen.findByText('收款成功')
  expect(fakeBff.calls(REDEEM)[0]!.body).toEqual(expect.objectContaining({ amountFen: 9_473 }))
})

test('a new scan after a refused sale keeps the amount and goes straight on when the card covers the member’s price', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: goldMember(9_600) }))
  fakeBff.on(REDEEM, () => ({ status: 409, body: { code: 'MEMBER_CODE_EXPIRED', messageZh: '会员码已过期，请让顾客刷新', messageEn: 'x', requestId: 'q' } }))
  await scanAndType('100')
  fireEvent.click(await screen.findByText('确认收款'))
  fireEvent.click(await screen.findByText('重新扫码'))

  fireEvent.input(document.querySelector('input')!, { target: { value: CODE } })
  fireEvent.click(screen.getByText('下一步'))

  expect(await screen.findByText('确认收款')).toBeInTheDocument()
  expect(screen.getByText('原价 ¥100.00 · 会员折扣（金卡 9.5折） -¥5.00 · 实付 ¥95.00')).toBeInTheDocument()
  expect(fakeBff.calls(INSPECT)).toHaveLength(2)
})

test('a member without a level’s discount sees no level and no price lines', async () => {
  fakeBff.on(INSPECT, () => ({ status: 200, body: { ...goldMember(50_000), memberLevel: null } }))
  await scanAndType('100')

  expect(await screen.findByText('确认收款')).toBeInTheDocument()
  expect(screen.queryByText(/金卡/)).not.toBeInTheDocument()
  expect(screen.queryByText(/原价|会员折扣/)).not.toBeInTheDocument()
  expect(screen.getByText('¥100.00')).toBeInTheDocument()
})

test('the audit trail says a sale’s level discount and a ladder’s discounts in words', async () => {
  const { auditDetailZh } = await import('@/features/ops/freeze/audit-labels')

  const sale = auditDetailZh({ redemptionId: 'r-1', amountFen: 9_501, storeId: 's-1', couponId: 'cp-1', listPriceFen: 12_001, discountFen: 2_000, memberLevel: '金卡', memberDiscountFen: 500 }, { action: 'card.redeemed' })
  expect(sale).toContain('会员等级：金卡')
  expect(sale).toContain('会员折扣：¥5.00')
  expect(sale).not.toContain('memberDiscountFen')

  const ladder = auditDetailZh({
    before: [{ name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 }],
    after: [
      { name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 },
      { name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150, discountRate: 95 }
    ]
  })
  expect(ladder).toBe('银卡 满¥1,000.00 积分×1 → 银卡 满¥1,000.00 积分×1、金卡 满¥5,000.00 积分×1.5 9.5折')
})
