/**
 * Expiry on the card page (docs/compliance.md §7): the 30-day notice, an expired card's balance kept with 重新激活 and
 * 换新卡 (asked first), and the 章程 accepted at claim. Only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { PLATFORM_AGREEMENTS, type CardReplacementView, type CardView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import Claim from '@/pages/claim/index'
import { aCard } from './support/fixtures'
import { dialog, fakeBff, pageParams } from './support/fake-platform'

let current: CardView

beforeEach(() => {
  current = aCard({ kind: 'ANONYMOUS', expiresAt: '2029-12-01T00:00:00.000Z', expiry: { state: 'EXPIRING', expiresAt: '2029-12-01T00:00:00.000Z', daysLeft: 12, reminderAt: '2029-11-01T01:00:00.000Z' } })
  fakeBff.reset()
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: current }))
  jest.clearAllMocks()
  pageParams.id = 'card-1'
})

test('reminds the holder before the card expires and keeps the card usable', async () => {
  render(<CardDetail />)
  expect(await screen.findByRole('status', { name: '到期提醒' })).toHaveTextContent('还剩 12 天')
  expect(screen.getByText(/到期后余额不会作废/)).toBeInTheDocument()
  expect(screen.getByRole('button', { name: '会员码' })).toBeInTheDocument()
})

test('shows an expired card’s balance as kept and reactivates it on request', async () => {
  current = { ...current, expiry: { state: 'EXPIRED', expiresAt: '2029-12-01T00:00:00.000Z', daysLeft: 0, reminderAt: null } }
  fakeBff.on('POST /me/cards/card-1/reactivation', () => {
    current = { ...current, expiresAt: '2032-12-10T00:00:00.000Z', expiry: { state: 'VALID', expiresAt: '2032-12-10T00:00:00.000Z', daysLeft: 1096, reminderAt: null } }
    return { status: 200, body: current }
  })
  render(<CardDetail />)
  expect(await screen.findByRole('region', { name: '卡片已过期' })).toHaveTextContent(/仍然属于您，不会作废/)
  expect(screen.queryByRole('button', { name: '会员码' })).toBeNull()

  fireEvent.click(screen.getByRole('button', { name: '重新激活' }))
  await screen.findByRole('button', { name: '会员码' })
  expect(fakeBff.calls('POST /me/cards/card-1/reactivation')).toHaveLength(1)
  expect(dialog.toast).toHaveBeenCalledWith(expect.stringContaining('已重新激活'))
  expect(screen.queryByRole('region', { name: '卡片已过期' })).toBeNull()
})

test('replaces an expired card only after the confirmation and shows the new number', async () => {
  current = { ...current, expiry: { state: 'EXPIRED', expiresAt: '2029-12-01T00:00:00.000Z', daysLeft: 0, reminderAt: null } }
  const replacement: CardReplacementView = { replacedCardId: 'card-1', card: aCard({ id: 'card-2', cardNo: '6200000000005678' }), moved: { principalFen: 30_000, bonusFen: 5_000, totalFen: 35_000, points: 12 } }
  fakeBff.on('POST /me/cards/card-1/expiry-replacement', () => ({ status: 200, body: replacement }))
  render(<CardDetail />)
  dialog.confirmAnswer = false
  fireEvent.click(await screen.findByRole('button', { name: '换新卡（余额全部转入）' }))
  await waitFor(() => expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '换一张新卡？' })))
  expect(fakeBff.calls('POST /me/cards/card-1/expiry-replacement')).toHaveLength(0)

  dialog.confirmAnswer = true
  fireEvent.click(screen.getByRole('button', { name: '换新卡（余额全部转入）' }))
  expect(await screen.findByRole('region', { name: '换卡完成' })).toHaveTextContent('新卡号 6200000000005678')
  expect(screen.getByText(/已转入余额 ¥350.00/)).toBeInTheDocument()
})

test('shows the product’s 章程 at claim and claims only once it is ticked, with its version', async () => {
  fakeBff.reset()
  pageParams.token = 'claim-token-1234567890'
  fakeBff.on('GET /claim/claim-token-1234567890', () => ({
    status: 200,
    body: { ...aCard(), id: 'p-1', name: '会员储值卡', status: 'ACTIVE', tiers: [], allowCustomAmount: true, minTopUpFen: 1000, deductionRule: 'PRO_RATA', pointsPerYuan: 1, storeIds: [], description: '', contract: { version: 3, text: '一、本金永久有效。', publishedAt: '2026-11-25T09:00:00.000Z' } }
  }))
  fakeBff.on('POST /me/cards', () => ({ status: 201, body: aCard() }))
  render(<Claim />)
  expect(await screen.findByText('《预付卡章程 / 充值协议》第 3 版')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: '领取' }))
  expect(await screen.findByText('请先阅读并勾选同意本卡的《预付卡章程 / 充值协议》')).toBeInTheDocument()
  expect(fakeBff.calls('POST /me/cards')).toHaveLength(0)

  fireEvent.click(screen.getByRole('checkbox', { name: '同意本卡章程' }))
  fireEvent.click(screen.getByRole('button', { name: '领取' }))
  await waitFor(() => expect(fakeBff.calls('POST /me/cards')).toHaveLength(1))
  expect(fakeBff.calls('POST /me/cards')[0]!.body).toEqual({ claimToken: 'claim-token-1234567890', acceptedTermsVersion: 3 })
  expect(PLATFORM_AGREEMENTS.USER_AGREEMENT.version).toMatch(/^\d{4}-\d{2}-\d{2}$/)
})

