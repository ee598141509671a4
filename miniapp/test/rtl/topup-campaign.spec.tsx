/**
 * Top-up under a running campaign (src/pages/topup): each tier shows what the campaign gives with it, amounts only
 * the campaign offers are offered too, and the summary counts the campaign's bonus.
 */
import './support/platform-mocks'
import { fireEvent, render, screen } from '@testing-library/react'
import type { CampaignOfferView } from '@jucard/shared'
import TopUp from '@/pages/topup/index'
import { offeredTiers, rewardText } from '@/features/topup/campaign-offer'
import { aCard } from './support/fixtures'
import { fakeBff, pageParams } from './support/fake-platform'

jest.mock('@/platform/subscribe-message', () => require('./support/fake-platform').subscribeMessage)
jest.mock('@/platform/payment', () => require('./support/fake-platform').payment)

const offer: CampaignOfferView = {
  campaignId: 'c-1',
  name: '双十二充值送',
  endsAt: '2026-12-13T16:00:00.000Z',
  tiers: [
    { payFen: 30_000, bonusFen: 3_000, points: 100, coupons: [{ templateId: 't-1', name: '满100减10' }] },
    { payFen: 50_000, bonusFen: 8_000, points: 0, coupons: [] }
  ]
}

beforeEach(() => {
  fakeBff.reset()
  pageParams.cardId = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } }) }))
  fakeBff.on('GET /me/cards/card-1/terms', () => ({ status: 200, body: { terms: null, accepted: true } }))
})

test('shows the campaign and each tier\'s reward, its bonus replacing the product\'s, and counts it in the summary', async () => {
  fakeBff.on('GET /me/cards/card-1/campaign-offer', () => ({ status: 200, body: offer }))
  render(<TopUp />)
  expect(await screen.findByText('双十二充值送 · 活动至 2026-12-13')).toBeInTheDocument()
  expect(screen.getByText('送 ¥30.00 + 100积分 + 满100减10券')).toBeInTheDocument()
  expect(screen.getByText('送 ¥80.00')).toBeInTheDocument()
  expect(screen.queryByText('送 ¥50.00')).not.toBeInTheDocument()
  fireEvent.click(screen.getByText('¥500.00'))
  expect(await screen.findByText('支付 ¥500.00，到账 ¥500.00 + 赠送 ¥80.00')).toBeInTheDocument()
})

test('shows the product\'s tiers alone when no campaign runs or the campaign cannot be read', async () => {
  fakeBff.on('GET /me/cards/card-1/campaign-offer', () => ({ status: 200, body: null }))
  const { unmount } = render(<TopUp />)
  expect(await screen.findByText('送 ¥50.00')).toBeInTheDocument()
  expect(screen.queryByText(/活动至/)).not.toBeInTheDocument()
  unmount()

  fakeBff.on('GET /me/cards/card-1/campaign-offer', () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用', requestId: 'q' } }))
  render(<TopUp />)
  expect(await screen.findByText('送 ¥50.00')).toBeInTheDocument()
})

test('merges the tiers smallest first, a tier with nothing to give reading 无赠送', () => {
  const tiers = offeredTiers({ tiers: [{ payFen: 10_000, bonusFen: 0 }, { payFen: 50_000, bonusFen: 5_000 }] } as never, offer)
  expect(tiers.map((t) => [t.payFen, rewardText(t)])).toEqual([
    [10_000, '无赠送'],
    [30_000, '送 ¥30.00 + 100积分 + 满100减10券'],
    [50_000, '送 ¥80.00']
  ])
})
