/**
 * The operator console's 风控 page: the case queue with its loading, empty and error states, a case's evidence in
 * words, and a decision behind a confirmation. Real API client, session and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { RiskCaseView, RiskRuleView } from '@jucard/shared'
import { RiskConsole } from '@/features/ops/risk/RiskConsole'
import { countersZh } from '@/features/ops/risk/risk-labels'
import { fakeBff } from './support/fake-platform'


beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
  fakeBff.on('GET /operator/risk/rules', () => ({ status: 200, body: [rule] }))
})

const rule: RiskRuleView = {
  id: 'velocity.card.hour',
  version: 1,
  scope: 'platform',
  scopeId: null,
  kind: 'TOPUP_VELOCITY_CARD',
  parameters: { windowMinutes: 60, maxCount: 10 },
  action: 'review',
  reason: '同一张卡一小时内充值超过 10 次',
  enabled: true,
  editedBy: null,
  createdAt: '2026-11-25T00:00:00.000Z'
}

const riskCase = (overrides: Partial<RiskCaseView> = {}): RiskCaseView => ({
  id: 'case-1',
  status: 'OPEN',
  rule: { id: rule.id, version: 1, kind: rule.kind, action: rule.action, reason: rule.reason, parameters: rule.parameters },
  cardId: 'card-uuid',
  cardNo: '8800000000001234',
  consumerId: 'consumer-uuid',
  merchantId: 'merchant-uuid',
  operations: [{ kind: 'TOPUP', id: 'order-1', amountFen: 1_000, at: '2026-11-25T02:30:00.000Z', counters: { topUps: 11, maxCount: 10, windowMinutes: 60 } }],
  assigneeId: null,
  assigneeName: null,
  notes: [],
  decision: null,
  decidedAt: null,
  createdAt: '2026-11-25T02:30:00.000Z',
  updatedAt: '2026-11-25T02:30:00.000Z',
  ...overrides
})

describe('风控', () => {
  test('says so when nothing waits, and offers a retry when the queue cannot load', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [] } }))
    const { unmount } = render(<RiskConsole />)
    expect(await screen.findByText('没有待处理的风控案件。')).toBeTruthy()
    expect(fakeBff.calls('GET /operator/risk/cases')[0]?.query).toMatchObject({ status: 'OPEN' })
    unmount()

    fakeBff.on('GET /operator/risk/cases', () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后再试' } }))
    render(<RiskConsole />)
    expect(await screen.findByRole('alert')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })

  test('shows a case with the rule, its version and what it saw, in words', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [riskCase()] } }))
    render(<RiskConsole />)
    const [, row] = await screen.findAllByRole('row')
    expect(within(row!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['单卡充值频次', '8800000000001234', '1 笔', '待处理', '未认领', '查看'])
    fireEvent.click(within(row!).getByText('查看'))
    expect(await screen.findByText(/规则：单卡充值频次 · 放行并人工复核（第 1 版）/)).toBeTruthy()
    expect(screen.getByText('充值 11 次 · 上限 10 次 · 窗口 1 小时')).toBeTruthy()
    expect(screen.getByText('生效的风控规则')).toBeTruthy()
  })

  test('freezes the card only after the operator confirms with a reason, and shows the case decided', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [riskCase()] } }))
    fakeBff.on('POST /operator/risk/cases/case-1/decision', (request) => ({
      status: 201,
      body: riskCase({ status: 'CARD_FROZEN', decision: 'FREEZE_CARD', decidedAt: '2026-11-25T03:00:00.000Z', notes: [{ operatorId: 'op', operatorName: '张敏', note: (request.body as { note: string }).note, createdAt: '2026-11-25T03:00:00.000Z' }] })
    }))
    render(<RiskConsole />)
    fireEvent.click(await screen.findByText('查看'))
    fireEvent.click(await screen.findByText('冻结该卡'))
    expect(screen.getByText(/冻结后这张卡不能充值、消费或退卡/)).toBeTruthy()
    expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')).toHaveLength(0)
    const dialog = screen.getByRole('dialog')
    fireEvent.click(within(dialog).getByText('冻结该卡'))
    expect(await within(dialog).findByText('请填写处理说明（至少 2 个字）')).toBeTruthy()
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '疑似套现' } })
    fireEvent.click(within(dialog).getByText('冻结该卡'))
    await waitFor(() => expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')).toHaveLength(1))
    expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')[0]?.body).toEqual({ decision: 'FREEZE_CARD', note: '疑似套现' })
    expect(await screen.findByText(/处理：冻结该卡/)).toBeTruthy()
    expect(screen.getByText(/张敏：疑似套现/)).toBeTruthy()
  })

  test('says a counter it does not know as recorded', () => {
    expect(countersZh({ amountFen: 1_200_000, thresholdFen: 1_000_000, somethingNew: 3 })).toBe('金额 ¥12,000.00 · 门槛 ¥10,000.00 · somethingNew: 3')
  })
})
