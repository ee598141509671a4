/**
 * A merchant's closing on the card page (docs/compliance.md §10): the notice with its day and reason, no 充值 from the
 * notice on, no 会员码 from the closing day, and 退卡 still offered. Only src/platform/* is faked.
 */
import './support/platform-mocks'
import { render, screen } from '@testing-library/react'
import type { CardView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import { aCard } from './support/fixtures'
import { fakeBff, pageParams } from './support/fake-platform'

let current: CardView

beforeEach(() => {
  fakeBff.reset()
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: current }))
  pageParams.id = 'card-1'
})

test('announces a closing ahead: the card still pays, takes no top-up, and offers 退卡', async () => {
  current = aCard({ merchantClosing: { closingDate: '2099-01-31', reason: '门店租约到期', announcedAt: '2098-12-01T02:00:00.000Z' } })
  render(<CardDetail />)
  const notice = await screen.findByRole('alert', { name: '商户停业公告' })
  expect(notice).toHaveTextContent('将于 2099年1月31日停止营业（门店租约到期）')
  expect(notice).toHaveTextContent('从现在起不能再充值')
  expect(screen.getByRole('button', { name: '会员码' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '充值' })).toBeNull()
  expect(screen.getByRole('button', { name: '退卡（查看可退金额）' })).toBeInTheDocument()
})

test('says the merchant has closed once the day has come, and offers no 会员码', async () => {
  current = aCard({ merchantClosing: { closingDate: '2020-01-31', reason: '经营调整', announcedAt: '2019-12-01T02:00:00.000Z' } })
  render(<CardDetail />)
  const notice = await screen.findByRole('alert', { name: '商户停业公告' })
  expect(notice).toHaveTextContent('已停业')
  expect(notice).toHaveTextContent('卡内余额会原路退回到你付款的账户，无需申请')
  expect(screen.queryByRole('button', { name: '会员码' })).toBeNull()
})

test('shows nothing of the kind while the merchant trades on', async () => {
  current = aCard({ merchantClosing: null })
  render(<CardDetail />)
  expect(await screen.findByRole('button', { name: '会员码' })).toBeInTheDocument()
  expect(screen.queryByRole('alert', { name: '商户停业公告' })).toBeNull()
  expect(screen.getByRole('button', { name: '充值' })).toBeInTheDocument()
})
