/**
 * The member-code page (card name, balance, switcher, ¥0) and the top-up result (order, time, new balance;
 * cancelled at the cashier): the real pages and API client, only src/platform/* faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import type { TopUpView } from '@jucard/shared'
import MemberCodePage from '@/pages/member-code/index'
import TopUpResult from '@/pages/topup-result/index'
import { aCard, aMemberCode } from './support/fixtures'
import { fakeBff, navigation, pageParams } from './support/fake-platform'

jest.mock('@/platform/subscribe-message', () => require('./support/fake-platform').subscribeMessage)
jest.mock('@/platform/screen', () => require('./support/fake-platform').screen)

const order = (overrides: Partial<TopUpView> = {}): TopUpView => ({
  orderId: '5f0c2c1e-8d1a-4a52-9d57-0b7a3c1f2e44',
  cardId: 'card-1',
  status: 'PAYING',
  amountFen: 50000,
  bonusFen: 5000,
  channel: 'ALIPAY',
  miniProgramPayParams: null,
  cashierUrl: null,
  expiresAt: '2026-11-25T10:00:00.000Z',
  paidAt: null,
  createdAt: '2026-11-25T09:45:00.000Z',
  ...overrides
})

beforeEach(() => {
  fakeBff.reset()
  jest.clearAllMocks()
})

describe('the member-code page', () => {
  beforeEach(() => {
    pageParams.cardId = 'card-1'
    for (const id of ['card-1', 'card-2']) {
      fakeBff.on(`POST /me/cards/${id}/member-code`, () => ({ status: 201, body: aMemberCode({ codeId: `code-${id}` }) }))
      fakeBff.on(`GET /me/member-codes/code-${id}`, () => ({ status: 200, body: { codeId: `code-${id}`, state: 'ACTIVE', redemption: null } }))
    }
  })

  it('should name the card and its balance and switch to another usable card', async () => {
    fakeBff.on('GET /me/cards', () => ({
      status: 200,
      body: [
        aCard(),
        aCard({ id: 'card-2', merchantName: '街角咖啡', productName: '咖啡卡', balance: { principalFen: 8000, bonusFen: 0, totalFen: 8000 } }),
        aCard({ id: 'card-3', merchantName: '旧店', status: 'FROZEN' })
      ]
    }))
    render(<MemberCodePage />)

    expect(await screen.findByText('茶颜小馆 · 储值卡')).toBeInTheDocument()
    expect(screen.getByText('余额 ¥550.00')).toBeInTheDocument()
    await screen.findByText(/秒后失效/)
    fireEvent.click(screen.getByRole('button', { name: '切换卡片' }))
    // a frozen card is not offered
    expect(screen.queryByRole('button', { name: /旧店/ })).not.toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '换成 街角咖啡 咖啡卡，余额 ¥80.00' }))

    expect(await screen.findByText('街角咖啡 · 咖啡卡')).toBeInTheDocument()
    expect(screen.getByText('余额 ¥80.00')).toBeInTheDocument()
    await screen.findByText(/秒后失效/)
    expect(fakeBff.calls('POST /me/cards/card-2/member-code')).toHaveLength(1)
  })

  it('should still show the code of a ¥0 card, say 余额为零 and offer 充值', async () => {
    fakeBff.on('GET /me/cards', () => ({ status: 200, body: [aCard({ balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } })] }))
    render(<MemberCodePage />)

    expect(await screen.findByText('余额为零')).toBeInTheDocument()
    expect(screen.getByText(/这张卡里没有余额/)).toBeInTheDocument()
    expect(await screen.findByText('2812 3456 7890 1234 56')).toBeInTheDocument()
    // one card: nothing to switch to
    expect(screen.queryByRole('button', { name: '切换卡片' })).not.toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '充值' }))
    expect(navigation.openPage).toHaveBeenCalledWith('/pages/topup/index?cardId=card-1')
  })
})

describe('the top-up result', () => {
  it('should show the order number, the payment time and the new balance once paid', async () => {
    pageParams.orderId = order().orderId
    fakeBff.on(`GET /me/topups/${order().orderId}`, () => ({ status: 200, body: order({ status: 'PAID', paidAt: '2026-11-25T06:30:05.000Z' }) }))
    fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ balance: { principalFen: 50000, bonusFen: 5000, totalFen: 55000 } }) }))
    render(<TopUpResult />)

    expect(await screen.findByText('充值成功')).toBeInTheDocument()
    expect(screen.getByText('¥500.00 + 赠送 ¥50.00')).toBeInTheDocument()
    expect(await screen.findByText('¥550.00')).toBeInTheDocument()
    expect(screen.getByText('当前余额')).toBeInTheDocument()
    expect(screen.getByText(order().orderId)).toBeInTheDocument()
    expect(screen.getByText('2026-11-25 14:30:05')).toBeInTheDocument()
    expect(screen.getByText('支付宝')).toBeInTheDocument()
  })

  it('should say 支付已取消 at once when the cashier sent the payer back cancelled, and offer 重新支付', async () => {
    pageParams.orderId = order().orderId
    pageParams.cancelled = '1'
    fakeBff.on(`GET /me/topups/${order().orderId}`, () => ({ status: 200, body: order() }))
    render(<TopUpResult />)

    expect(await screen.findByText('支付已取消')).toBeInTheDocument()
    expect(screen.queryByText('支付结果确认中')).not.toBeInTheDocument()
    expect(fakeBff.calls(`GET /me/topups/${order().orderId}`)).toHaveLength(1)
    fireEvent.click(screen.getByRole('button', { name: '重新支付' }))
    expect(navigation.replacePage).toHaveBeenCalledWith('/pages/topup/index?cardId=card-1')
  })

  it('should still report a payment that went through, even when the payer came back by the cancel link', async () => {
    pageParams.orderId = order().orderId
    pageParams.cancelled = '1'
    fakeBff.on(`GET /me/topups/${order().orderId}`, () => ({ status: 200, body: order({ status: 'PAID', paidAt: '2026-11-25T06:30:05.000Z' }) }))
    fakeBff.on('GET /me/cards/card-1', () => ({ status: 503, body: { code: 'DEPENDENCY_UNAVAILABLE', messageZh: '服务暂时不可用' } }))
    render(<TopUpResult />)

    expect(await screen.findByText('充值成功')).toBeInTheDocument()
    expect(await screen.findByText('余额暂时没有读到，可以在会员卡里查看')).toBeInTheDocument()
  })
})
