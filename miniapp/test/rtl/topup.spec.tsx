/**
 * Top-up (src/pages/topup): the typed amount is parsed to integer fen; bad input never reaches the server.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import TopUp from '@/pages/topup/index'
import { aCard } from './support/fixtures'
import { fakeBff, pageParams, payment } from './support/fake-platform'

jest.mock('@/platform/subscribe-message', () => require('./support/fake-platform').subscribeMessage)
jest.mock('@/platform/payment', () => require('./support/fake-platform').payment)

beforeEach(() => {
  fakeBff.reset()
  payment.goToCashier.mockClear()
  pageParams.cardId = 'card-1'
  // the product terms the claim page remembered on this device (see features/wallet/product-terms.ts)
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } }) }))
  fakeBff.on('GET /me/cards/card-1/terms', () => ({ status: 200, body: { terms: null, accepted: true } }))
  fakeBff.on('POST /me/topups', (request) => ({
    status: 201,
    body: {
      orderId: 'order-1',
      cardId: 'card-1',
      status: 'PENDING',
      amountFen: (request.body as { amountFen: number }).amountFen,
      bonusFen: 0,
      channel: 'WECHATPAY',
      miniProgramPayParams: null,
      cashierUrl: '/sandbox/cashier/order-1',
      expiresAt: '2026-11-25T10:00:00.000Z',
      paidAt: null,
      createdAt: '2026-11-25T09:45:00.000Z'
    }
  }))
})

/** Opens the page and types `text` into 其他金额, as a person would. */
async function typeCustomAmount(text: string): Promise<void> {
  render(<TopUp />)
  const field = await screen.findByPlaceholderText<HTMLInputElement>(/其他金额/)
  fireEvent.focus(field)
  fireEvent.input(field, { target: { value: text } })
}

test('offers the tiers of the card ("充500送50")', async () => {
  render(<TopUp />)
  expect(await screen.findByText('送 ¥50.00')).toBeInTheDocument()
  expect(screen.getByText('送 ¥150.00')).toBeInTheDocument()
})

test('refuses "12.345": a third decimal is not an amount of money', async () => {
  await typeCustomAmount('12.345')

  expect(await screen.findByText('请输入正确的金额，最多两位小数')).toBeInTheDocument()
  expect(screen.queryByText(/^确认支付 ¥/)).not.toBeInTheDocument()
  fireEvent.click(screen.getByText('确认支付'))
  expect(fakeBff.calls('POST /me/topups')).toHaveLength(0)
  expect(payment.goToCashier).not.toHaveBeenCalled()
})

test('accepts "500" as 50000 fen and sends exactly that to the server', async () => {
  await typeCustomAmount('500')

  expect(await screen.findByText('确认支付 ¥500.00')).toBeInTheDocument()
  expect(screen.getByText('支付 ¥500.00')).toBeInTheDocument()
  expect(screen.queryByText('请输入正确的金额，最多两位小数')).not.toBeInTheDocument()

  fireEvent.click(screen.getByText('确认支付 ¥500.00'))

  await waitFor(() => expect(payment.goToCashier).toHaveBeenCalled())
  const [created] = fakeBff.calls('POST /me/topups')
  expect(created?.body).toEqual(expect.objectContaining({ cardId: 'card-1', amountFen: 50000, channel: 'WECHATPAY' }))
  expect(Number.isInteger((created?.body as { amountFen: number }).amountFen)).toBe(true)
  expect(payment.goToCashier).toHaveBeenCalledWith('/sandbox/cashier/order-1')
})

test('shows the card’s 章程 when it changed, pays only once it is ticked, and sends the version accepted', async () => {
  fakeBff.on('GET /me/cards/card-1/terms', () => ({
    status: 200,
    body: { terms: { version: 2, text: '一、本金永久有效。\n二、未消费余额可申请退款。', publishedAt: '2026-11-25T09:00:00.000Z' }, accepted: false }
  }))
  render(<TopUp />)
  expect(await screen.findByText('《预付卡章程 / 充值协议》第 2 版')).toBeInTheDocument()
  expect(screen.getByText('本卡章程已更新，请阅读')).toBeInTheDocument()
  expect(screen.getByText('二、未消费余额可申请退款。')).toBeInTheDocument()

  fireEvent.click(await screen.findByRole('button', { name: /确认支付/ }))
  expect(await screen.findByText('请先阅读并勾选同意本卡的《预付卡章程 / 充值协议》')).toBeInTheDocument()
  expect(fakeBff.calls('POST /me/topups')).toHaveLength(0)

  fireEvent.click(screen.getByRole('checkbox', { name: '同意本卡章程' }))
  fireEvent.click(screen.getByRole('button', { name: /确认支付/ }))
  await waitFor(() => expect(fakeBff.calls('POST /me/topups')).toHaveLength(1))
  expect(fakeBff.calls('POST /me/topups')[0]!.body).toMatchObject({ cardId: 'card-1', acceptedTermsVersion: 2 })
})
