/**
 * The operator console's 风控 page: the case queue with its loading, empty and error states, a case's evidence in
 * words, and a decision behind a confirmation. Real API client, session and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { RiskCaseView, RiskMetricsView, RiskRuleView, RiskScanView } from '@jucard/shared'
import { RiskConsole } from '@/features/ops/risk/RiskConsole'
import { countersZh } from '@/features/ops/risk/risk-labels'
import { fakeBff } from './support/fake-platform'


beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
  fakeBff.on('GET /operator/risk/rules', () => ({ status: 200, body: [rule] }))
  fakeBff.on('GET /operator/risk/metrics', () => ({ status: 200, body: quietMetrics }))
})

const quietMetrics: RiskMetricsView = { from: '2026-11-19', to: '2026-11-25', rules: [], decisions: 0, falsePositives: 0, casesDecided: 0, openCases: 0, heldFen: 0, heldOperations: 0 }

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
  falsePositive: false,
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
    expect(within(dialog).queryByRole('checkbox')).toBeNull() // a frozen card was no false alarm
    fireEvent.click(within(dialog).getByText('冻结该卡'))
    expect(await within(dialog).findByText('请填写处理说明（至少 2 个字）')).toBeTruthy()
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '疑似套现' } })
    fireEvent.click(within(dialog).getByText('冻结该卡'))
    await waitFor(() => expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')).toHaveLength(1))
    expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')[0]?.body).toEqual({ decision: 'FREEZE_CARD', note: '疑似套现', falsePositive: false })
    expect(await screen.findByText(/处理：冻结该卡/)).toBeTruthy()
    expect(screen.getByText(/张敏：疑似套现/)).toBeTruthy()
  })

  test('says a counter it does not know as recorded', () => {
    expect(countersZh({ amountFen: 1_200_000, thresholdFen: 1_000_000, somethingNew: 3 })).toBe('金额 ¥12,000.00 · 门槛 ¥10,000.00 · somethingNew: 3')
  })

  test('closes a case as a false positive when the operator ticks it, and says so on the decided case', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [riskCase()] } }))
    fakeBff.on('POST /operator/risk/cases/case-1/decision', () => ({ status: 201, body: riskCase({ status: 'CLOSED', decision: 'CLOSE', falsePositive: true, decidedAt: '2026-11-25T03:00:00.000Z' }) }))
    render(<RiskConsole />)
    fireEvent.click(await screen.findByText('查看'))
    fireEvent.click(await screen.findByText('关闭案件'))
    const dialog = screen.getByRole('dialog')
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /标记为误报/ }))
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '老顾客正常充值' } })
    fireEvent.click(within(dialog).getByText('关闭案件'))
    await waitFor(() => expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')).toHaveLength(1))
    expect(fakeBff.calls('POST /operator/risk/cases/case-1/decision')[0]?.body).toEqual({ decision: 'CLOSE', note: '老顾客正常充值', falsePositive: true })
    expect(await screen.findByText(/处理：关闭案件（已标记为误报）/)).toBeTruthy()
  })

  test('shows the metrics per rule: triggers per day, false positives of the decided cases, the money held', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [] } }))
    fakeBff.on('GET /operator/risk/metrics', () => ({
      status: 200,
      body: {
        ...quietMetrics,
        decisions: 9,
        casesDecided: 4,
        falsePositives: 1,
        openCases: 2,
        heldFen: 6_000,
        heldOperations: 1,
        rules: [
          {
            ruleId: rule.id,
            kind: rule.kind,
            action: 'hold',
            reason: rule.reason,
            enabled: true,
            days: ['2026-11-23', '2026-11-24', '2026-11-25'].map((businessDate, i) => ({ businessDate, decisions: [2, 0, 7][i]!, fen: 1_000 })),
            decisions: 9,
            casesOpened: 3,
            casesDecided: 4,
            falsePositives: 1,
            heldFen: 6_000
          }
        ]
      } satisfies RiskMetricsView
    }))
    render(<RiskConsole />)
    expect(await screen.findByText(/2026-11-19 至 2026-11-25：触发 9 次，处理案件 4 件（其中误报 1 件），待处理 2 件；暂停中 1 笔，共 ¥60.00。/)).toBeTruthy()
    const table = screen.getByText('风控指标').closest('section')!
    const [, row] = within(table).getAllByRole('row')
    expect(within(row!).getByRole('rowheader').textContent).toBe('单卡充值频次')
    expect(within(row!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['暂停待审核', '9', '2 · 0 · 7', '3', '1 / 4', '¥60.00'])
    fireEvent.change(within(table).getByRole('combobox'), { target: { value: '30' } })
    await waitFor(() => expect(fakeBff.calls('GET /operator/risk/metrics').at(-1)?.query).toMatchObject({ days: '30' }))
  })

  test('reads a day’s scan, says when there is none, scans on request and opens a finding’s evidence and case', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [] } }))
    fakeBff.on('GET /operator/risk/scans/2026-11-24', () => ({ status: 404, body: { code: 'RISK_SCAN_NOT_FOUND', messageZh: '该营业日还没有扫描过' } }))
    const scan: RiskScanView = {
      businessDate: '2026-11-24',
      status: 'COMPLETED',
      trigger: 'MANUAL',
      merchantsScanned: 12,
      cardsScanned: 340,
      findings: 1,
      finishedAt: '2026-11-25T03:10:00.000Z',
      scores: [
        {
          businessDate: '2026-11-24',
          ruleId: 'batch.merchant-concentration',
          ruleVersion: 1,
          kind: 'MERCHANT_CONCENTRATION',
          subjectType: 'merchant',
          subjectId: 'merchant-uuid',
          merchantId: 'merchant-uuid',
          merchantName: '青禾烘焙',
          cardNo: null,
          score: 100,
          counters: { salesFen: 300_000, sales: 10, cards: 2, topCards: 2, sharePct: 100, payers: 0 },
          evidence: [{ kind: 'CARD', id: 'card-uuid', cardNo: '8800000000001234', amountFen: 150_000, count: 5, payers: 0, at: null }],
          caseId: 'case-9'
        }
      ]
    }
    fakeBff.on('POST /operator/risk/scans', () => ({ status: 201, body: scan }))
    fakeBff.on('GET /operator/risk/cases/case-9', () => ({ status: 200, body: riskCase({ id: 'case-9', cardId: null, cardNo: null }) }))
    render(<RiskConsole />)
    const panel = (await screen.findByText('日终扫描')).closest('section')!
    expect(within(panel).getByText('选择营业日后查看扫描结果。')).toBeTruthy()
    fireEvent.change(within(panel).getByLabelText('营业日'), { target: { value: '2026-11-24' } })
    fireEvent.click(within(panel).getByText('查看结果'))
    expect(await within(panel).findByText('2026-11-24 还没有扫描过。可点「立即扫描」。')).toBeTruthy()
    fireEvent.click(within(panel).getByText('立即扫描'))
    expect(await within(panel).findByText(/有消费的商户 12 家、会员卡 340 张，发现 1 项。/)).toBeTruthy()
    expect(fakeBff.calls('POST /operator/risk/scans')[0]?.body).toEqual({ businessDate: '2026-11-24' })
    const [, row] = within(panel).getAllByRole('row')
    expect(within(row!).getByRole('rowheader').textContent).toBe('商户消费集中于少数卡（疑似自充自消）')
    expect(within(row!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '商户 青禾烘焙',
      '100',
      '消费 ¥3,000.00 · 共 10 笔 · 涉及 2 张卡 · 前 2 张卡 · 占比 100% · 付款账户 0 个',
      '查看明细查看案件'
    ])
    fireEvent.click(within(panel).getByText('查看明细'))
    expect(await within(panel).findByText('8800000000001234')).toBeTruthy()
    expect(within(panel).getByText('当日合计')).toBeTruthy()
    fireEvent.click(within(panel).getByText('查看案件'))
    expect(await screen.findByText('案件：商户 merchant-uuid')).toBeTruthy()
  })

  test('refuses a day to come before asking the server', async () => {
    fakeBff.on('GET /operator/risk/cases', () => ({ status: 200, body: { items: [] } }))
    render(<RiskConsole />)
    const panel = (await screen.findByText('日终扫描')).closest('section')!
    fireEvent.change(within(panel).getByLabelText('营业日'), { target: { value: '2099-01-01' } })
    fireEvent.click(within(panel).getByText('立即扫描'))
    expect(await within(panel).findByText('请选择今天或之前的营业日')).toBeTruthy()
    expect(fakeBff.calls('POST /operator/risk/scans')).toHaveLength(0)
  })
})
