/**
 * The till after a scan (features/redeem): the code is checked before the amount, the member and balance are shown,
 * 余额不足 offers to charge the whole balance, a reversal ends with a confirmation, 交班 confirms before it ends the
 * shift, and today's list refreshes itself. Real API client and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { MemberCodeInspection, RedemptionList, RedemptionView, ShiftSummary, StoreView } from '@jucard/shared'
import { ReversalDialog } from '@/features/redeem/ReversalDialog'
import { ShiftDialog } from '@/features/redeem/ShiftDialog'
import { Till } from '@/features/redeem/Till'
import { TodayRedemptions } from '@/features/redeem/TodayRedemptions'
import { useTodayRedemptions } from '@/features/redeem/use-today-redemptions'
import { fakeBff } from './support/fake-platform'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

const STORE: StoreView = { id: 'store-1', merchantId: 'm-1', name: '静安店', address: '上海', createdAt: '2026-11-25T00:00:00.000Z' } as StoreView
const CODE = '931123456789654321'

const member = (totalFen: number): MemberCodeInspection => ({
  codeId: '123456789',
  cardNoMasked: '6222 **** **** 0001',
  productName: '莲花会员卡',
  holder: { nameMasked: '林**', phoneMasked: '138****5678' },
  balance: { principalFen: totalFen, bonusFen: 0, totalFen, points: 0 },
  expiresAt: '2026-11-25T10:01:00.000Z'
})

const sale = (overrides: Partial<RedemptionView> = {}): RedemptionView => ({
  redemptionId: 'r-1',
  merchantOrderNo: 'ORD-1',
  storeId: 'store-1',
  storeName: '静安店',
  cardNoMasked: '6222 **** **** 0001',
  amountFen: 10_000,
  principalFen: 10_000,
  bonusFen: 0,
  pointsEarned: 0,
  refundedFen: 0,
  balanceAfter: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 },
  createdAt: '2026-11-25T09:00:00.000Z',
  replayed: false,
  ...overrides
})

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

function scan(code = CODE) {
  fireEvent.input(document.querySelector('input')!, { target: { value: code } })
  fireEvent.click(screen.getByText('下一步'))
}

function typeAmount(yuan: string) {
  fireEvent.input(document.querySelector('input')!, { target: { value: yuan } })
  fireEvent.click(screen.getByText('下一步：核对金额'))
}

test('refuses a made-up code right after the scan, before any amount is asked for', async () => {
  fakeBff.on('POST /merchant/member-codes/inspect', () => ({ status: 422, body: { code: 'MEMBER_CODE_INVALID', messageZh: '会员码无效，请让顾客刷新后重试', messageEn: 'x', requestId: 'q' } }))
  render(<Till store={STORE} onRedeemed={jest.fn()} />)
  scan()

  expect(await screen.findByText('会员码无效，请让顾客刷新后重试')).toBeInTheDocument()
  expect(screen.queryByText('输入收款金额')).not.toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/member-codes/inspect')[0]!.body).toEqual({ code: CODE, storeId: 'store-1' })
  expect(fakeBff.calls('POST /merchant/redemptions')).toHaveLength(0)
})

test('shows the member, masked, and the balance after the scan', async () => {
  fakeBff.on('POST /merchant/member-codes/inspect', () => ({ status: 200, body: member(55_000) }))
  render(<Till store={STORE} onRedeemed={jest.fn()} />)
  scan()

  expect(await screen.findByText('输入收款金额')).toBeInTheDocument()
  expect(screen.getByText('林** · 138****5678')).toBeInTheDocument()
  expect(screen.getByText('¥550.00')).toBeInTheDocument()
})

test('余额不足 says what is available and charges the whole balance, the rest another way', async () => {
  fakeBff.on('POST /merchant/member-codes/inspect', () => ({ status: 200, body: member(3_000) }))
  fakeBff.on('POST /merchant/redemptions', (request) => ({ status: 201, body: sale({ amountFen: (request.body as { amountFen: number }).amountFen }) }))
  render(<Till store={STORE} onRedeemed={jest.fn()} />)
  scan()
  await screen.findByText('输入收款金额')
  typeAmount('100')

  expect(await screen.findByText('余额不足：卡内可用 ¥30.00，本单 ¥100.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('先扣卡内全部 ¥30.00，其余 ¥70.00 用其他方式收'))
  expect(await screen.findByText('其余 ¥70.00 请用其他方式向顾客收取')).toBeInTheDocument()
  fireEvent.click(screen.getByText('确认收款'))

  await screen.findByText('收款成功')
  expect(fakeBff.calls('POST /merchant/redemptions')[0]!.body).toMatchObject({ code: CODE, amountFen: 3_000, storeId: 'store-1' })
})

test('a reversal ends with a confirmation of what went back to the card', async () => {
  fakeBff.on('POST /merchant/redemptions/r-1/reversals', () => ({
    status: 201,
    body: { reversalId: 'v-1', redemptionId: 'r-1', reversalNo: 'RV-1', amountFen: 10_000, principalFen: 10_000, bonusFen: 0, pointsReversed: 0, remainingFen: 0, createdAt: '2026-11-25T09:05:00.000Z', replayed: false }
  }))
  const onClose = jest.fn()
  const onReversed = jest.fn()
  render(<ReversalDialog redemption={sale()} onClose={onClose} onReversed={onReversed} />)
  fireEvent.click(screen.getByText('下一步'))
  fireEvent.click(await screen.findByText('确认冲正'))

  expect(await screen.findByText('冲正成功')).toBeInTheDocument()
  expect(screen.getByText('已退回顾客的会员卡')).toBeInTheDocument()
  expect(onReversed).toHaveBeenCalled()
  expect(onClose).not.toHaveBeenCalled()
  fireEvent.click(screen.getByText('完成'))
  expect(onClose).toHaveBeenCalled()
})

test('交班 shows the shift by cashier and ends it only after a confirmation', async () => {
  const shift = (endedAt: string | null): ShiftSummary => ({
    storeId: 'store-1',
    startedAt: '2026-11-25T01:00:00.000Z',
    endedAt,
    cashiers: [{ operatorId: 's-1', name: '收银员小王', count: 2, amountFen: 12_000, refundedFen: 10_000, netFen: 2_000 }],
    totals: { count: 2, amountFen: 12_000, refundedFen: 10_000, netFen: 2_000 }
  })
  fakeBff.on('GET /merchant/shift', () => ({ status: 200, body: shift(null) }))
  fakeBff.on('POST /merchant/shift/handover', () => ({ status: 200, body: shift('2026-11-25T09:30:00.000Z') }))
  render(<ShiftDialog storeId='store-1' storeName='静安店' onClose={jest.fn()} />)

  expect(await screen.findByText('收银员小王')).toBeInTheDocument()
  expect(screen.getByText('2 笔 · 收 ¥120.00 · 冲正 ¥100.00 · 实收 ¥20.00')).toBeInTheDocument()
  fireEvent.click(screen.getByText('交班'))
  expect(await screen.findByText('确认交班？')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/shift/handover')).toHaveLength(0)
  fireEvent.click(screen.getByText('确认交班'))

  expect(await screen.findByText('下一班已从 17:30 开始')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/shift/handover')[0]!.body).toEqual({ storeId: 'store-1' })
})

test("today's list refreshes itself: a sale reversed elsewhere shows as reversed without a tap", async () => {
  jest.useFakeTimers()
  try {
    let list: RedemptionList = { items: [sale()], totals: { count: 1, amountFen: 10_000, refundedFen: 0, netFen: 10_000 }, nextCursor: null }
    fakeBff.on('GET /merchant/redemptions', () => ({ status: 200, body: list }))
    function Today() {
      const today = useTodayRedemptions('store-1', 5_000)
      return <TodayRedemptions storeName='静安店' state={today.state} canReverse onRefresh={jest.fn()} onLoadMore={jest.fn()} onReverse={jest.fn()} />
    }
    render(<Today />)
    expect(await screen.findByText('冲正')).toBeInTheDocument()

    list = { items: [sale({ refundedFen: 10_000 })], totals: { count: 1, amountFen: 10_000, refundedFen: 10_000, netFen: 0 } , nextCursor: null }
    await act(async () => {
      jest.advanceTimersByTime(5_000)
    })
    await waitFor(() => expect(screen.getByText('已全额冲正')).toBeInTheDocument())
  } finally {
    jest.useRealTimers()
  }
})
