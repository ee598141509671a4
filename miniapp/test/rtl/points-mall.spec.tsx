/**
 * 积分商城 in the consumer app (src/pages/points-mall, features/marketing/PointsMall): the card's points and what its
 * merchant offers, 兑换 after a confirmation under one idempotency key, refusals in words; and the ways in and out
 * (the card page, 我的券). The real pages, features and API client; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { PointsExchangeView, PointsMallView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import CouponPage from '@/pages/coupon/index'
import PointsMallPage from '@/pages/points-mall/index'
import { declineThenConfirm } from './support/confirm'
import { dialog, fakeBff, navigation, pageParams } from './support/fake-platform'
import { aCard, aCoupon, aPointsItem, tenPercentOff } from './support/fixtures'
import { expectShown } from './support/shown'

const MALL = 'GET /me/cards/card-1/points-mall'
const EXCHANGE = 'POST /me/cards/card-1/points-exchanges'

/** 12 points; 新客满100减10 for 10 of them, 老客9折 (fixed dates, 3 left) for 40. */
function aMall(overrides: Partial<PointsMallView> = {}): PointsMallView {
  return {
    cardId: 'card-1',
    merchantName: '茶颜小馆',
    points: 12,
    expiring: null,
    items: [
      aPointsItem(),
      aPointsItem({
        id: 'pi-2',
        couponTemplateId: 't-2',
        pointsPrice: 40,
        stock: 5,
        exchangedCount: 2,
        remaining: 3,
        coupon: { name: '老客9折', ...tenPercentOff(2_000), validDays: null, validFrom: '2026-12-01T00:00:00.000Z', validUntil: '2026-12-31T15:59:59.000Z' }
      })
    ],
    ...overrides
  }
}

function anExchange(overrides: Partial<PointsExchangeView> = {}): PointsExchangeView {
  return {
    exchangeId: 'x-1',
    itemId: 'pi-1',
    cardId: 'card-1',
    points: 10,
    pointsLeft: 2,
    coupon: aCoupon({ id: 'cp-9', name: '新客满100减10', source: 'EXCHANGED' }),
    createdAt: '2026-12-03T02:00:00.000Z',
    ...overrides
  }
}

const item = (name: string) => screen.getByRole('group', { name })
const exchangeButton = (name: string) => within(item(name)).getByRole('button', { name: '兑换' })
const sentKeys = () => fakeBff.calls(EXCHANGE).map((call) => (call.body as { idempotencyKey: string }).idempotencyKey)

beforeEach(() => {
  fakeBff.reset()
  pageParams.cardId = 'card-1'
})

test('shows the merchant, the card’s points and each item with its terms, validity, price and stock', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  render(<PointsMallPage />)

  expect(screen.getByText('正在加载积分商城…')).toBeInTheDocument()
  expect(await screen.findByText('茶颜小馆')).toBeInTheDocument()
  expect(screen.getByText('12')).toBeInTheDocument()
  expectShown(['新客满100减10', '满100减10', '兑换后 30 天内有效', '10 积分', '剩余 45'], item('新客满100减10'))
  expectShown(['老客9折', '9折 最高减20', '有效期 2026-12-01 至 2026-12-31', '40 积分', '剩余 3'], item('老客9折'))
  expect(exchangeButton('新客满100减10')).toHaveAttribute('aria-disabled', 'false')
})

test('says how many of the card’s points expire next, and when; nothing when none do', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall({ expiring: { points: 8, lastDay: '2026-12-31' } }) }))
  const { unmount } = render(<PointsMallPage />)
  expect(await screen.findByRole('note')).toHaveTextContent('8 积分将于 2026年12月31日后过期，记得及时兑换')
  unmount()

  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  render(<PointsMallPage />)
  expect(await screen.findByText('茶颜小馆')).toBeInTheDocument()
  expect(screen.queryByRole('note')).not.toBeInTheDocument()
})

test('an item above the card’s points cannot be exchanged, and says how many points are missing', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  render(<PointsMallPage />)
  await screen.findByText('茶颜小馆')

  expect(exchangeButton('老客9折')).toHaveAttribute('aria-disabled', 'true')
  expect(within(item('老客9折')).getByText('积分不足，还差 28 积分')).toBeInTheDocument()
  expect(within(item('新客满100减10')).queryByText(/积分不足/)).not.toBeInTheDocument()

  fireEvent.click(exchangeButton('老客9折'))
  expect(dialog.confirmDialog).not.toHaveBeenCalled()
  expect(fakeBff.calls(EXCHANGE)).toHaveLength(0)
})

test('exchanges only after the confirmation, with the item and an idempotency key, then points to 我的券', async () => {
  let points = 12
  fakeBff.on(MALL, () => ({ status: 200, body: aMall({ points }) }))
  fakeBff.on(EXCHANGE, () => {
    points = 2
    return { status: 201, body: anExchange() }
  })
  render(<PointsMallPage />)
  await screen.findByText('茶颜小馆')

  await declineThenConfirm(async () => exchangeButton('新客满100减10'), EXCHANGE, { title: '确认兑换', content: '用 10 积分兑换「新客满100减10」？兑换后积分不退回' })

  expect(await screen.findByText('兑换成功')).toBeInTheDocument()
  expect(screen.getByText('「新客满100减10」已放进我的券，有效期至 2026-12-31。用去 10 积分，还剩 2 积分。')).toBeInTheDocument()
  const [sent] = fakeBff.calls(EXCHANGE)
  expect(sent!.body).toEqual({ itemId: 'pi-1', idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) })
  // the mall again, with the points the exchange left
  expect(await screen.findByText('2')).toBeInTheDocument()
  expect(fakeBff.calls(MALL)).toHaveLength(2)

  fireEvent.click(screen.getByRole('button', { name: '查看我的券' }))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/coupons/index')
})

test('a sold-out item is refused in words, nothing is spent, and the page stays usable for a new attempt', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  fakeBff.on(EXCHANGE, () => ({ status: 409, body: { statusCode: 409, code: 'POINTS_ITEM_SOLD_OUT', message: 'x', messageZh: '该积分商品已兑完', requestId: 'q' } }))
  render(<PointsMallPage />)
  await screen.findByText('茶颜小馆')

  fireEvent.click(exchangeButton('新客满100减10'))
  expect(await screen.findByRole('alert')).toHaveTextContent('该积分商品已兑完，积分没有扣除')
  // the offer changed under the shopper: loaded again, the list still there
  await waitFor(() => expect(fakeBff.calls(MALL)).toHaveLength(2))
  expect(screen.getByText('12')).toBeInTheDocument()
  expect(exchangeButton('新客满100减10')).toHaveAttribute('aria-disabled', 'false')

  // a refusal ends the attempt: the next confirmation is a new one, with a new key
  fakeBff.on(EXCHANGE, () => ({ status: 201, body: anExchange() }))
  fireEvent.click(exchangeButton('新客满100减10'))
  expect(await screen.findByText('兑换成功')).toBeInTheDocument()
  const [first, second] = sentKeys()
  expect(second).not.toBe(first)
})

test('without an answer the exchange may have happened: the retry of that item reuses its key', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  fakeBff.on(EXCHANGE, () => ({ kind: 'no-answer', reason: 'timeout' }))
  render(<PointsMallPage />)
  await screen.findByText('茶颜小馆')

  fireEvent.click(exchangeButton('新客满100减10'))
  expect(await screen.findByRole('alert')).toHaveTextContent('网络不给力，没有收到服务器的答复。可以再点一次「兑换」，同一次兑换不会重复扣积分')
  expect(fakeBff.calls(MALL)).toHaveLength(1)

  fakeBff.on(EXCHANGE, () => ({ status: 201, body: anExchange() }))
  fireEvent.click(exchangeButton('新客满100减10'))
  expect(await screen.findByText('兑换成功')).toBeInTheDocument()
  const [first, retry] = sentKeys()
  expect(retry).toBe(first)
})

test('says so when the merchant offers nothing yet, still with the card’s points', async () => {
  fakeBff.on(MALL, () => ({ status: 200, body: aMall({ items: [] }) }))
  render(<PointsMallPage />)

  expect(await screen.findByText('商家暂未上架积分商品')).toBeInTheDocument()
  expect(screen.getByText('12')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '兑换' })).not.toBeInTheDocument()
})

test('a mall that does not load says why and loads again on 重试', async () => {
  fakeBff.on(MALL, () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后重试', requestId: 'q' } }))
  render(<PointsMallPage />)
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeInTheDocument()

  fakeBff.on(MALL, () => ({ status: 200, body: aMall() }))
  fireEvent.click(screen.getByRole('button', { name: '重试' }))
  expect(await screen.findByText('茶颜小馆')).toBeInTheDocument()
})

test('the card page opens its merchant’s 积分商城 next to the points', async () => {
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard() }))
  render(<CardDetail />)

  fireEvent.click(await screen.findByRole('button', { name: /积分商城/ }))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/points-mall/index?cardId=card-1')
})

test('a frozen card has no way into the mall', async () => {
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ status: 'FROZEN' }) }))
  render(<CardDetail />)

  expect(await screen.findByText(/这张卡已被冻结/)).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /积分商城/ })).not.toBeInTheDocument()
})

test('an exchanged coupon in 我的券 says it came from points', async () => {
  pageParams.id = 'cp-9'
  fakeBff.on('GET /me/coupons/cp-9', () => ({ status: 200, body: aCoupon({ id: 'cp-9', source: 'EXCHANGED' }) }))
  render(<CouponPage />)
  expect(await screen.findByText('获得方式：积分兑换')).toBeInTheDocument()
})
