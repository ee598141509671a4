/**
 * 充值活动 in the back office (features/merchant-admin/marketing/Campaigns): the list, creating one after a
 * confirmation, pausing and resuming, and a campaign's results, with the real API client; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { CampaignResultsView, CampaignView } from '@jucard/shared'
import { checkCampaignDraft, emptyCampaignDraft } from '@/features/merchant-admin/marketing/campaign-draft'
import { Campaigns } from '@/features/merchant-admin/marketing/Campaigns'
import { dialog, fakeBff } from './support/fake-platform'
import { declineThenConfirm } from './support/confirm'
import { expectShown } from './support/shown'
import { aCouponTemplate } from './support/fixtures'

function aCampaign(overrides: Partial<CampaignView> = {}): CampaignView {
  return {
    id: 'c-1',
    merchantId: 'm-1',
    name: '双十二充值送',
    status: 'ACTIVE',
    state: 'RUNNING',
    startsAt: '2026-12-11T16:00:00.000Z',
    endsAt: '2026-12-13T16:00:00.000Z',
    channelScope: 'ALL',
    storeIds: [],
    budgetFen: 100_000,
    quantity: 100,
    spentFen: 3_000,
    grantedCount: 1,
    version: 1,
    tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, couponTemplateIds: ['t-1'] }],
    createdAt: '2026-12-01T01:00:00.000Z',
    ...overrides
  }
}

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [aCouponTemplate()] }))
})

test('lists the campaigns with tiers, window, budget and state; says so when there is none', async () => {
  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [aCampaign(), aCampaign({ id: 'c-2', name: '国庆充值', status: 'PAUSED', state: 'PAUSED', budgetFen: null, channelScope: 'ONLINE', tiers: [{ payFen: 50_000, bonusFen: 0, points: 500, couponTemplateIds: [] }] })] }))
  const { unmount } = render(<Campaigns />)
  expect(await screen.findByText('双十二充值送')).toBeInTheDocument()
  expectShown(['充¥300.00 送¥30.00 + 100积分 + 1张券', '2026-12-12 至 2026-12-13（线上与门店）', '2026-12-12 至 2026-12-13（仅小程序）', '已用 ¥30.00 / 预算 ¥1,000.00 · 已奖励 1 / 100 笔', '充¥500.00 送500积分', '已用 ¥30.00（不限预算） · 已奖励 1 / 100 笔', '进行中', '已暂停', '恢复'])
  unmount()

  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [] }))
  render(<Campaigns />)
  expect(await screen.findByText('还没有充值活动。新建一个「充300送30」，顾客充值时自动获得奖励。')).toBeInTheDocument()
})

test('creates a campaign from yuan after a confirmation, refusing a form that does not add up', async () => {
  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [] }))
  fakeBff.on('POST /merchant/campaigns', () => ({ status: 201, body: aCampaign() }))
  render(<Campaigns />)
  fireEvent.click(await screen.findByText('新建充值活动'))
  const form = screen.getByRole('dialog')
  fireEvent.click(within(form).getByText('创建'))
  expect(await within(form).findByText('请填写活动名称')).toBeInTheDocument()
  expectShown(['请设置活动预算或奖励名额（至少一项）', '请至少设置一个充值档位'])
  expect(fakeBff.calls('POST /merchant/campaigns')).toHaveLength(0)

  fireEvent.change(within(form).getByLabelText('活动名称'), { target: { value: '双十二充值送' } })
  fireEvent.change(within(form).getByLabelText('活动预算（元，赠送金总额）'), { target: { value: '1000' } })
  fireEvent.change(within(form).getByLabelText('档位 1 充值金额（元）'), { target: { value: '300' } })
  fireEvent.change(within(form).getByLabelText('档位 1 赠送金（元）'), { target: { value: '30' } })
  fireEvent.change(within(form).getByLabelText('档位 1 赠送积分'), { target: { value: '100' } })
  await waitFor(() => expect(within(form).getAllByText('新客满100减10')).toHaveLength(3))
  fireEvent.change(within(form).getByLabelText('档位 1 赠送优惠券'), { target: { value: 't-1' } })

  await declineThenConfirm(async () => within(form).getByText('创建'), 'POST /merchant/campaigns', { title: '创建充值活动「双十二充值送」？' })
  expect(await screen.findByText('已新建充值活动「双十二充值送」')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/campaigns')[0]!.body).toMatchObject({
    name: '双十二充值送',
    channelScope: 'ALL',
    budgetFen: 100_000,
    quantity: null,
    tiers: [{ payFen: 30_000, bonusFen: 3_000, points: 100, couponTemplateIds: ['t-1'] }]
  })
})

test('a refusal of the server is the form\'s message, in Chinese', async () => {
  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [] }))
  fakeBff.on('POST /merchant/campaigns', () => ({ status: 404, body: { code: 'COUPON_TEMPLATE_NOT_FOUND', messageZh: '优惠券不存在', messageEn: 'x', requestId: 'q' } }))
  render(<Campaigns />)
  fireEvent.click(await screen.findByText('新建充值活动'))
  const form = screen.getByRole('dialog')
  fireEvent.change(within(form).getByLabelText('活动名称'), { target: { value: '送券' } })
  fireEvent.change(within(form).getByLabelText('奖励名额（笔）'), { target: { value: '50' } })
  fireEvent.change(within(form).getByLabelText('档位 1 充值金额（元）'), { target: { value: '100' } })
  fireEvent.change(within(form).getByLabelText('档位 1 赠送积分'), { target: { value: '10' } })
  fireEvent.click(within(form).getByText('创建'))
  expect(await within(form).findByText('优惠券不存在')).toBeInTheDocument()
})

test('pauses only after a confirmation and resumes without one', async () => {
  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [aCampaign()] }))
  fakeBff.on('POST /merchant/campaigns/c-1/pause', () => ({ status: 200, body: aCampaign({ status: 'PAUSED', state: 'PAUSED' }) }))
  fakeBff.on('POST /merchant/campaigns/c-1/resume', () => ({ status: 200, body: aCampaign() }))
  render(<Campaigns />)
  await declineThenConfirm(() => screen.findByText('暂停'), 'POST /merchant/campaigns/c-1/pause', { title: '暂停「双十二充值送」？' })
  expect(await screen.findByText('「双十二充值送」已暂停')).toBeInTheDocument()
  dialog.confirmDialog.mockClear()
  fireEvent.click(await screen.findByText('恢复'))
  expect(await screen.findByText('「双十二充值送」已恢复')).toBeInTheDocument()
  expect(dialog.confirmDialog).not.toHaveBeenCalled()
})

test('shows a campaign\'s results: totals and one row per day', async () => {
  const results: CampaignResultsView = {
    campaignId: 'c-1',
    totals: { grants: 3, refused: 1, clawedBack: 0, costFen: 9_000, points: 300, coupons: 3, topUpFen: 90_000 },
    days: [
      { date: '2026-12-12', grants: 2, refused: 0, clawedBack: 0, costFen: 6_000, points: 200, coupons: 2, topUpFen: 60_000 },
      { date: '2026-12-13', grants: 1, refused: 1, clawedBack: 0, costFen: 3_000, points: 100, coupons: 1, topUpFen: 30_000 }
    ]
  }
  fakeBff.on('GET /merchant/campaigns', () => ({ status: 200, body: [aCampaign()] }))
  fakeBff.on('GET /merchant/campaigns/c-1/results', () => ({ status: 200, body: results }))
  render(<Campaigns />)
  fireEvent.click(await screen.findByText('效果'))
  const shown = screen.getByRole('dialog')
  expect(await within(shown).findByText('2026-12-13')).toBeInTheDocument()
  expectShown(['¥90.00', '积分 300 · 券 3 张', '¥900.00', '2026-12-12', '下载 CSV'])
})

test('the draft becomes the request: Shanghai days, yuan, empty rows left out', () => {
  const draft = { ...emptyCampaignDraft('2026-12-12'), name: '充值送', toDay: '2026-12-13', quantityText: '100' }
  draft.tiers[1] = { payYuan: '500', bonusYuan: '50.5', pointsText: '', couponTemplateId: '' }
  expect(checkCampaignDraft(draft)).toEqual({
    ok: true,
    input: { name: '充值送', startsAt: '2026-12-11T16:00:00.000Z', endsAt: '2026-12-13T16:00:00.000Z', channelScope: 'ALL', storeIds: [], budgetFen: null, quantity: 100, tiers: [{ payFen: 50_000, bonusFen: 5_050, points: 0, couponTemplateIds: [] }] }
  })
  draft.tiers[0] = { payYuan: '500', bonusYuan: '600', pointsText: '', couponTemplateId: '' }
  expect(checkCampaignDraft(draft)).toMatchObject({ ok: false, errors: { tier0: '赠送金额不能超过充值金额' } })
})
