/**
 * Wallet home (src/pages/index): the real page, features and API client; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import Wallet from '@/pages/index/index'
import { aCard } from './support/fixtures'
import { fakeBff, navigation } from './support/fake-platform'
import { expectShown } from './support/shown'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

beforeEach(() => fakeBff.reset())

test('lists every card with its balance formatted from fen', async () => {
  fakeBff.on('GET /me/cards', () => ({
    status: 200,
    body: [
      aCard({ id: 'card-1', merchantName: '茶颜小馆', productName: '储值卡', balance: { principalFen: 50000, bonusFen: 5000, totalFen: 55000 } }),
      aCard({ id: 'card-2', merchantName: '青禾烘焙', productName: '会员金卡', balance: { principalFen: 123400, bonusFen: 50, totalFen: 123450 } })
    ]
  }))

  render(<Wallet />)

  expect(screen.getByText('正在加载你的会员卡…')).toBeInTheDocument()
  expect(await screen.findByText('茶颜小馆')).toBeInTheDocument()
  expectShown(['青禾烘焙', '¥550.00', '¥1,234.50'])
  expect(screen.queryByText('还没有会员卡')).not.toBeInTheDocument()
  // the request carried the stored consumer token
  expect(fakeBff.calls('GET /me/cards')[0]?.token).toBe('test-access')

  // a tap on the balance shows principal and bonus apart, without opening the card
  fireEvent.click(screen.getByText('¥550.00'))
  expect(await screen.findByText('¥500.00')).toBeInTheDocument()
  expect(screen.getByText('¥50.00')).toBeInTheDocument()
  expect(navigation.openPage).not.toHaveBeenCalled()

  fireEvent.click(screen.getByText('青禾烘焙'))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/card/index?id=card-2')
})

test('shows the empty state when the shopper holds no card', async () => {
  fakeBff.on('GET /me/cards', () => ({ status: 200, body: [] }))

  render(<Wallet />)

  expect(await screen.findByText('还没有会员卡')).toBeInTheDocument()
  expect(screen.getByText(/扫描「领卡」二维码/)).toBeInTheDocument()
  expect(screen.queryByText(/¥/)).not.toBeInTheDocument()
})

test('shows the error with a retry when the server cannot be reached', async () => {
  let attempts = 0
  fakeBff.on('GET /me/cards', () => (++attempts === 1 ? { kind: 'no-answer', reason: 'timeout' } : { status: 200, body: [aCard()] }))

  render(<Wallet />)

  expect(await screen.findByText('网络不给力，没有收到服务器的答复')).toBeInTheDocument()
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('¥550.00')).toBeInTheDocument()
})
