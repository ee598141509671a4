/**
 * 我的券 (src/pages/coupons, src/pages/coupon) and the wallet's way in: the real pages, features and API client;
 * only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import CouponPage from '@/pages/coupon/index'
import CouponsPage from '@/pages/coupons/index'
import Wallet from '@/pages/index/index'
import { fakeBff, navigation, pageParams } from './support/fake-platform'
import { expectShown } from './support/shown'
import { aCoupon, tenPercentOff } from './support/fixtures'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

const coupon = aCoupon

beforeEach(() => {
  fakeBff.reset()
})

test('the wallet opens 我的券', async () => {
  fakeBff.on('GET /me/cards', () => ({ status: 200, body: [] }))
  render(<Wallet />)
  fireEvent.click(await screen.findByRole('button', { name: '券' }))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/coupons/index')
})

test('lists the usable coupons first, the used and expired ones below, and opens one', async () => {
  fakeBff.on('GET /me/coupons', () => ({
    status: 200,
    body: [
      coupon({ id: 'cp-used', name: '上月的券', status: 'USED', usedAt: '2026-12-02T04:00:00.000Z', validUntil: '2026-12-20T15:59:59.000Z' }),
      coupon({}),
      coupon({ id: 'cp-2', name: '9折券', ...tenPercentOff(2_000), merchantName: '青禾烘焙' })
    ]
  }))
  render(<CouponsPage />)

  expect(screen.getByText('正在加载你的优惠券…')).toBeInTheDocument()
  expect(await screen.findByText('新客满减券')).toBeInTheDocument()
  expectShown(['满100减10 · 有效期至 2026-12-31', '9折', '9折 最高减20 · 有效期至 2026-12-31'])
  const names = screen.getAllByText(/新客满减券|9折券|上月的券|已使用 \/ 已过期/).map((n) => n.textContent)
  expect(names).toEqual(['新客满减券', '9折券', '已使用 / 已过期', '上月的券'])
  expect(screen.getByText('已使用')).toBeInTheDocument()

  fireEvent.click(screen.getByText('9折券'))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/coupon/index?id=cp-2')
})

test('says so when the shopper holds no coupon, and offers a retry when the list fails', async () => {
  fakeBff.on('GET /me/coupons', () => ({ status: 200, body: [] }))
  const { unmount } = render(<CouponsPage />)
  expect(await screen.findByText('还没有优惠券：商家发券或你从领券链接领取后会出现在这里')).toBeInTheDocument()
  unmount()

  fakeBff.on('GET /me/coupons', () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后重试', messageEn: 'x', requestId: 'q' } }))
  render(<CouponsPage />)
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeInTheDocument()
  expect(screen.getByText('重试')).toBeInTheDocument()
})

test('the detail shows the terms, validity, stores and how to use it at the counter', async () => {
  pageParams.id = 'cp-1'
  fakeBff.on('GET /me/coupons/cp-1', () => ({ status: 200, body: coupon({ storeIds: ['s-1', 's-2'] }) }))
  render(<CouponPage />)

  expect(await screen.findByText('优惠：满100减10')).toBeInTheDocument()
  expect(screen.getByText('适用门店：该商家指定的 2 家门店')).toBeInTheDocument()
  expect(screen.getByText('可使用')).toBeInTheDocument()
  expect(screen.getByText(/出示会员码；收银员扫码后会为你选用这张券/)).toBeInTheDocument()
})

test('the detail of a coupon that is not the shopper’s says it was not found', async () => {
  pageParams.id = 'cp-x'
  fakeBff.on('GET /me/coupons/cp-x', () => ({ status: 404, body: { code: 'COUPON_NOT_FOUND', messageZh: '优惠券不存在', messageEn: 'x', requestId: 'q' } }))
  render(<CouponPage />)
  expect(await screen.findByText('优惠券不存在')).toBeInTheDocument()
})
