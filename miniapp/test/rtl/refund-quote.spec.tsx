/**
 * 退卡 on the card page: the pro-rata calculation is shown before the confirm button, the refund sends the quoted
 * amount, a stale quote is worked out again, and the receipt carries the calculation. The real page, features and
 * API client; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { BalanceRefundView, CoolingOffQuoteView, RefundQuoteView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import { aCard } from './support/fixtures'
import { dialog, fakeBff, pageParams } from './support/fake-platform'

jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)

// ¥3,000 paid + ¥1,000 bonus on a bonus-first card, ¥3,594 used: ¥406 principal left, ¥304.50 back
const card = aCard({ id: 'card-1', balance: { principalFen: 40_600, bonusFen: 0, totalFen: 40_600, points: 0 } })
const calculation = { rule: 'PRO_RATA', paidFen: 300_000, bonusGrantedFen: 100_000, consumedFen: 359_400, consumedPrincipalFen: 269_550, refundFen: 30_450, bonusForfeitedFen: 0 } as const
const quote: RefundQuoteView = { ...calculation, cardId: 'card-1', principalBalanceFen: 40_600, bonusBalanceFen: 0, quotedAt: '2026-12-03T08:00:00.000Z' }
const receipt: BalanceRefundView = { refundId: 'r-1', cardId: 'card-1', principalFen: 30_450, bonusForfeitedFen: 0, status: 'PROCESSING', parts: [{ channel: 'WECHATPAY', amountFen: 30_450, status: 'PROCESSING' }], calculation, createdAt: '2026-12-03T08:00:01.000Z' }

beforeEach(() => {
  fakeBff.reset()
  jest.clearAllMocks()
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: card }))
})

const lines = (region: HTMLElement) => within(region).getAllByText(/./).map((el) => el.textContent)

test('shows how the refund is worked out before the consumer can confirm it', async () => {
  fakeBff.on('GET /me/cards/card-1/refund-quote', () => ({ status: 200, body: quote }))
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))

  const panel = await screen.findByRole('region', { name: '退卡金额计算' })
  const text = lines(panel)
  for (const [label, value] of [['实付本金', '¥3,000.00'], ['获赠金额', '¥1,000.00'], ['已使用', '¥3,594.00'], ['按比例计入本金', '-¥2,695.50'], ['原路退回', '¥304.50']]) {
    expect(text).toContain(label)
    expect(text).toContain(value)
  }
  expect(within(panel).getByText(/按实付占比 ¥3,000.00 ÷ \(¥3,000.00 \+ ¥1,000.00\) 计入本金，与先扣本金还是先扣赠送金无关/)).toBeInTheDocument()
  // nothing is refunded by looking
  expect(fakeBff.calls('POST /me/cards/card-1/refunds')).toHaveLength(0)
  expect(within(panel).getByRole('button', { name: '确认退卡，退回 ¥304.50' })).toBeInTheDocument()
})

test('refunds exactly the quoted amount after the confirmation, and the receipt repeats the calculation', async () => {
  fakeBff.on('GET /me/cards/card-1/refund-quote', () => ({ status: 200, body: quote }))
  fakeBff.on('POST /me/cards/card-1/refunds', () => ({ status: 201, body: receipt }))
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))
  fireEvent.click(await screen.findByRole('button', { name: '确认退卡，退回 ¥304.50' }))

  expect(await screen.findByText('退卡处理中')).toBeInTheDocument()
  expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '确认退卡？', content: expect.stringContaining('¥304.50 将原路退回') }))
  const [sent] = fakeBff.calls('POST /me/cards/card-1/refunds')
  expect(sent?.body).toMatchObject({ quotedRefundFen: 30_450, idempotencyKey: expect.any(String) })
  expect(screen.getByText('¥304.50 原路退回，通常 1–3 个工作日到账')).toBeInTheDocument()
  expect(screen.getByText('-¥2,695.50')).toBeInTheDocument()
  expect(screen.queryByRole('region', { name: '退卡金额计算' })).not.toBeInTheDocument()
})

test('changes nothing when the consumer declines the confirmation or taps 暂不退卡', async () => {
  fakeBff.on('GET /me/cards/card-1/refund-quote', () => ({ status: 200, body: quote }))
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))
  dialog.confirmAnswer = false
  fireEvent.click(await screen.findByRole('button', { name: '确认退卡，退回 ¥304.50' }))
  await screen.findByRole('region', { name: '退卡金额计算' })
  expect(dialog.confirmDialog).toHaveBeenCalledTimes(1)
  expect(fakeBff.calls('POST /me/cards/card-1/refunds')).toHaveLength(0)

  fireEvent.click(screen.getByRole('button', { name: '暂不退卡' }))
  expect(screen.queryByRole('region', { name: '退卡金额计算' })).not.toBeInTheDocument()
  expect(screen.getByRole('button', { name: '退卡（查看可退金额）' })).toBeInTheDocument()
})

test('works the figures out again when the card changed after the quote, then refunds the new amount', async () => {
  const newer: RefundQuoteView = { ...quote, consumedFen: 369_400, consumedPrincipalFen: 277_050, refundFen: 22_950, principalBalanceFen: 30_600 }
  let quotes = 0
  fakeBff.on('GET /me/cards/card-1/refund-quote', () => ({ status: 200, body: ++quotes === 1 ? quote : newer }))
  let attempts = 0
  fakeBff.on('POST /me/cards/card-1/refunds', () =>
    ++attempts === 1
      ? { status: 409, body: { statusCode: 409, code: 'REFUND_QUOTE_CHANGED', message: 'changed', messageZh: '卡内余额已变化，请重新确认退卡金额', requestId: 'r' } }
      : { status: 201, body: { ...receipt, principalFen: 22_950, calculation: { ...calculation, consumedFen: 369_400, consumedPrincipalFen: 277_050, refundFen: 22_950 } } },
  )
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))
  fireEvent.click(await screen.findByRole('button', { name: '确认退卡，退回 ¥304.50' }))

  expect(await screen.findByRole('status')).toHaveTextContent('卡内余额刚刚有变化，已按最新余额重新计算，请再次确认')
  fireEvent.click(screen.getByRole('button', { name: '确认退卡，退回 ¥229.50' }))
  expect(await screen.findByText('¥229.50 原路退回，通常 1–3 个工作日到账')).toBeInTheDocument()
  const sent = fakeBff.calls('POST /me/cards/card-1/refunds').map((r) => r.body as { quotedRefundFen: number; idempotencyKey: string })
  expect(sent.map((b) => b.quotedRefundFen)).toEqual([30_450, 22_950])
  // one intent, one key: the refused attempt changed nothing, so its key is reused
  expect(sent[1]?.idempotencyKey).toBe(sent[0]?.idempotencyKey)
})

test('says why when the calculation cannot be fetched, and lets the consumer try again', async () => {
  let calls = 0
  fakeBff.on('GET /me/cards/card-1/refund-quote', () => (++calls === 1 ? { kind: 'no-answer', reason: 'timeout' } : { status: 200, body: quote }))
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))
  expect(await screen.findByText('网络不给力，没有收到服务器的答复')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: '退卡（查看可退金额）' }))
  expect(await screen.findByRole('region', { name: '退卡金额计算' })).toBeInTheDocument()
})

test('offers 退卡 on a card whose principal is spent but whose bonus is not (principal first)', async () => {
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard({ id: 'card-1', balance: { principalFen: 0, bonusFen: 40_600, totalFen: 40_600, points: 0 } }) }))
  render(<CardDetail />)
  expect(await screen.findByRole('button', { name: '退卡（查看可退金额）' })).toBeInTheDocument()
})

describe('冷静期', () => {
  // ¥500 + ¥50 paid 2026-12-01 18:00 Shanghai, nothing used since: covered until 2026-12-08 18:00
  const untouched = aCard({ id: 'card-1', balance: { principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 0 } })
  const wholeQuote: RefundQuoteView = { rule: 'PRO_RATA', paidFen: 50_000, bonusGrantedFen: 5_000, consumedFen: 0, consumedPrincipalFen: 0, refundFen: 50_000, bonusForfeitedFen: 5_000, cardId: 'card-1', principalBalanceFen: 50_000, bonusBalanceFen: 5_000, quotedAt: '2026-12-03T08:00:00.000Z' }
  const offer: CoolingOffQuoteView = {
    cardId: 'card-1',
    coolingOffDays: 7,
    refundFen: 50_000,
    bonusForfeitedFen: 5_000,
    topUps: [{ orderId: 'o-1', amountFen: 50_000, bonusFen: 5_000, paidAt: '2026-12-01T10:00:00.000Z', refundableUntil: '2026-12-08T10:00:00.000Z' }],
    quotedAt: '2026-12-03T08:00:00.000Z'
  }

  beforeEach(() => {
    fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: untouched }))
    fakeBff.on('GET /me/cards/card-1/refund-quote', () => ({ status: 200, body: wholeQuote }))
  })

  test('offers the covered top-up back in full, keeping the card, beside 退卡', async () => {
    fakeBff.on('GET /me/cards/card-1/cooling-off-quote', () => ({ status: 200, body: offer }))
    fakeBff.on('POST /me/cards/card-1/cooling-off-refunds', () => ({
      status: 201,
      body: { ...receipt, principalFen: 50_000, bonusForfeitedFen: 5_000, parts: [{ channel: 'ALIPAY', amountFen: 50_000, status: 'PROCESSING' }], calculation: { rule: 'COOLING_OFF', paidFen: 50_000, bonusGrantedFen: 5_000, consumedFen: 0, consumedPrincipalFen: 0, refundFen: 50_000, bonusForfeitedFen: 5_000 } }
    }))
    render(<CardDetail />)
    fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))

    const group = await screen.findByRole('group', { name: '冷静期全额退回' })
    expect(within(group).getByText('7 天冷静期内，可全额退回')).toBeInTheDocument()
    expect(within(group).getByText('2026-12-01 18:00 充值（赠送 ¥50.00），2026-12-08 18:00 前可退')).toBeInTheDocument()
    // 退卡 stays on offer underneath
    expect(screen.getByRole('button', { name: '确认退卡，退回 ¥500.00' })).toBeInTheDocument()

    fireEvent.click(within(group).getByRole('button', { name: '全额退回 ¥500.00，保留此卡' }))
    expect(await screen.findByText('全额退回处理中')).toBeInTheDocument()
    expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '确认全额退回？', content: expect.stringContaining('此卡保留') }))
    expect(fakeBff.calls('POST /me/cards/card-1/cooling-off-refunds')[0]?.body).toMatchObject({ quotedRefundFen: 50_000 })
    expect(fakeBff.calls('POST /me/cards/card-1/refunds')).toHaveLength(0)
    expect(screen.getByText('赠送金额 ¥50.00 已作废')).toBeInTheDocument()
    expect(screen.getByText('此卡保留，可以继续使用')).toBeInTheDocument()
  })

  test('shows no offer when no top-up is covered any more', async () => {
    fakeBff.on('GET /me/cards/card-1/cooling-off-quote', () => ({ status: 200, body: { ...offer, refundFen: 0, bonusForfeitedFen: 0, topUps: [] } }))
    render(<CardDetail />)
    fireEvent.click(await screen.findByRole('button', { name: '退卡（查看可退金额）' }))
    await screen.findByRole('region', { name: '退卡金额计算' })
    expect(screen.queryByRole('group', { name: '冷静期全额退回' })).not.toBeInTheDocument()
    expect(screen.queryByText(/冷静期/)).not.toBeInTheDocument()
  })
})
