/**
 * History by purchase, its receipt, 我的, and the card page's empty/frozen states: the real pages and API client;
 * only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import type { CardEvent, CardReceipt } from '@jucard/shared'
import Account from '@/pages/account/index'
import CardDetail from '@/pages/card/index'
import History from '@/pages/history/index'
import ReceiptPage from '@/pages/receipt/index'
import Wallet from '@/pages/index/index'
import { aCard } from './support/fixtures'
import { dialog, fakeBff, navigation, pageParams } from './support/fake-platform'
import { expectShown } from './support/shown'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

const sale: CardEvent = {
  id: 'redeem:r-1',
  kind: 'REDEMPTION',
  occurredAt: '2026-11-25T06:30:00.000Z',
  amountFen: -11000,
  principalFen: -10000,
  bonusFen: -1000,
  points: 110,
  balanceAfter: { principalFen: 40000, bonusFen: 4000, totalFen: 44000, points: 110 },
  storeName: '一号店',
  orderNo: 'ORD-20261125-1'
}
const topUp: CardEvent = { ...sale, id: 'topup:o-1', kind: 'TOPUP', amountFen: 55000, principalFen: 50000, bonusFen: 5000, points: 0, storeName: null, orderNo: 'o-1', balanceAfter: { principalFen: 50000, bonusFen: 5000, totalFen: 55000, points: 0 } }

beforeEach(() => {
  fakeBff.reset()
  jest.clearAllMocks()
})

test('shows one row per purchase with its store, split and balance after, and opens its receipt', async () => {
  pageParams.cardId = 'card-1'
  fakeBff.on('GET /me/cards/card-1/events', () => ({ status: 200, body: { items: [sale, topUp], nextCursor: null } }))
  render(<History />)

  expect(await screen.findByText('消费 · 一号店')).toBeInTheDocument()
  expect(screen.getByText('-¥110.00')).toBeInTheDocument()
  expect(screen.getByText(/本金 -¥100.00 · 赠送金 -¥10.00 · 积分 \+110/)).toBeInTheDocument()
  expect(screen.getByText('余额 ¥440.00')).toBeInTheDocument()
  expect(screen.getByText('+¥550.00')).toBeInTheDocument()
  // one row per event, not per ledger leg
  expect(screen.getAllByRole('button', { name: /查看凭证/ })).toHaveLength(2)

  fireEvent.click(screen.getByRole('button', { name: /消费 · 一号店/ }))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/receipt/index?cardId=card-1&eventId=redeem%3Ar-1')
})

test('the receipt names the order, store, cashier and what the card paid', async () => {
  pageParams.cardId = 'card-1'
  pageParams.eventId = 'redeem:r-1'
  const receipt: CardReceipt = { ...sale, merchantName: '茶颜小馆', cardNoMasked: '8800 **** **** 1234', cashierName: '收银员小王', channel: null, coupon: null }
  fakeBff.on('GET /me/cards/card-1/events/redeem%3Ar-1', () => ({ status: 200, body: receipt }))
  render(<ReceiptPage />)

  expect(await screen.findByText('ORD-20261125-1')).toBeInTheDocument()
  expectShown(['2026-11-25 14:30:00', '收银员小王', '本金支付', '¥100.00', '赠送金支付', '¥440.00'])
  expect(screen.queryByText('优惠券')).not.toBeInTheDocument()
})

test('a receipt that cannot load says so in a live region and offers a retry', async () => {
  pageParams.cardId = 'card-1'
  pageParams.eventId = 'redeem:gone'
  fakeBff.on('GET /me/cards/card-1/events/redeem%3Agone', () => ({ status: 404, body: { code: 'CARD_EVENT_NOT_FOUND', messageZh: '没有找到这笔记录', requestId: 'r' } }))
  render(<ReceiptPage />)
  expect(await screen.findByRole('alert')).toHaveTextContent('没有找到这笔记录')
  expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument()
})

test('an empty wallet tells how to add a card and offers a scan', async () => {
  fakeBff.on('GET /me/cards', () => ({ status: 200, body: [] }))
  render(<Wallet />)
  expect(await screen.findByText('添加会员卡')).toBeInTheDocument()
  expect(screen.getByRole('button', { name: '扫码领卡' })).toBeInTheDocument()
  expect(screen.getByRole('button', { name: '我的' })).toBeInTheDocument()
})

test('a ¥0 card offers no 退卡, and a frozen card gives the merchant’s phone', async () => {
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } }) }))
  const { unmount } = render(<CardDetail />)
  expect(await screen.findByRole('button', { name: '会员码' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /退卡/ })).not.toBeInTheDocument()
  unmount()

  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ status: 'FROZEN', merchantName: '茶颜小馆', servicePhone: '0731-88886666' }) }))
  render(<CardDetail />)
  expect(await screen.findByText('这张卡已被冻结，暂时不能使用。请致电茶颜小馆客服 0731-88886666')).toBeInTheDocument()
})

test('a frozen card whose merchant left no phone gives the platform’s service phone', async () => {
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ status: 'FROZEN', servicePhone: null, platformServicePhone: '400-820-0000' }) }))
  render(<CardDetail />)
  expect(await screen.findByText('这张卡已被冻结，暂时不能使用。请致电聚卡客服 400-820-0000')).toBeInTheDocument()
})

test('a busy BigButton is a disabled button', async () => {
  const { BigButton } = await import('@/features/ui/BigButton')
  const tapped = jest.fn()
  render(
    <BigButton busyText='正在支付…' onClick={tapped}>
      支付
    </BigButton>
  )
  const button = screen.getByRole('button', { name: '正在支付…' })
  expect(button).toHaveAttribute('aria-disabled', 'true')
  fireEvent.click(button)
  expect(tapped).not.toHaveBeenCalled()
})

// last: signing out ends the client's session for the tests after it
test('我的 shows who is signed in, opens the agreements and signs out after a confirmation', async () => {
  fakeBff.on('GET /me', () => ({ status: 200, body: { id: 'c-1', nickname: null, phoneMasked: '138****0000' } }))
  fakeBff.on('POST /auth/logout', () => ({ status: 204, body: null }))
  render(<Account />)

  expect(await screen.findByText('手机号 138****0000')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: /隐私政策/ }))
  expect(screen.getByText(/我们只收集提供服务所必需的信息/)).toBeInTheDocument()

  dialog.confirmAnswer = false
  fireEvent.click(screen.getByRole('button', { name: '退出登录' }))
  await screen.findByText('手机号 138****0000')
  expect(fakeBff.calls('POST /auth/logout')).toHaveLength(0)

  dialog.confirmAnswer = true
  fireEvent.click(screen.getByRole('button', { name: '退出登录' }))
  await screen.findByText('正在退出…')
  await new Promise((resolve) => setTimeout(resolve, 0))
  expect(fakeBff.calls('POST /auth/logout')).toHaveLength(1)
  expect(navigation.restartAt).toHaveBeenCalledWith('/pages/login/index')
})
