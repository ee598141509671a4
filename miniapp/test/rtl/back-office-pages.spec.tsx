/**
 * Back office and operator console screens with the real API clients, sessions and features; only
 * src/platform/* is faked (the chart too: jsdom has no canvas to draw on).
 */
import './support/platform-mocks'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ChartSpec } from '@/platform/h5/chart'
import type { DashboardDay, MerchantDashboard, MerchantView, RedemptionReport, SettlementRunView, StatementLineView, StatementView } from '@jucard/shared'
import { Dashboard } from '@/features/merchant-admin/dashboard/Dashboard'
import { ProductEditor } from '@/features/merchant-admin/products/ProductForm'
import { ProductList } from '@/features/merchant-admin/products/ProductList'
import { Team } from '@/features/merchant-admin/team/Team'
import { Reports } from '@/features/merchant-admin/reports/Reports'
import { StatementDetail } from '@/features/merchant-admin/statements/StatementDetail'
import { SettlementPanel } from '@/features/ops/day-close/SettlementPanel'
import { POLL_MS } from '@/features/ops/day-close/use-settlement-run'
import { ReviewQueue } from '@/features/ops/review/ReviewQueue'
import MerchantLogin from '@/pages-merchant/login/index'
import { aProduct } from './support/fixtures'
import { dialog, fakeBff, navigation, storage } from './support/fake-platform'
import { expectShown } from './support/shown'
import { declineThenConfirm } from './support/confirm'

// the chart's data and summary, as text: what the canvas would be drawn from
jest.mock('@/platform/h5/chart', () => ({
  ChartCanvas: ({ spec, summary }: { spec: ChartSpec; summary: string }) => (
    <div data-testid='chart' aria-label={summary}>
      {spec.series.map((series) => `${series.label}:${series.data.join(',')}`).join(';')}
    </div>
  )
}))


beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff', 'operator'] })
})

function day(date: string, overrides: Partial<DashboardDay> = {}): DashboardDay {
  return { date, topUpCount: 0, topUpFen: 0, topUpBonusFen: 0, redemptionCount: 0, redemptionFen: 0, reversedFen: 0, netRedemptionFen: 0, newCards: 0, ...overrides }
}

describe('经营概览', () => {
  test('shows today, the last 30 days and the liability as text, and charts the series', async () => {
    const today = day('2026-11-25', { topUpCount: 2, topUpFen: 150_000, topUpBonusFen: 20_000, redemptionCount: 3, redemptionFen: 12_345, reversedFen: 1_000, netRedemptionFen: 11_345, newCards: 4 })
    const series = [...Array.from({ length: 29 }, (_, i) => day(`2026-10-${String(27 + i).padStart(2, '0')}`)), today]
    const dashboard: MerchantDashboard = {
      generatedAt: '2026-11-25T06:00:00.000Z',
      today,
      last30Days: { ...today, from: '2026-10-27', to: '2026-11-25' },
      series,
      liability: { principalFen: 400_000, bonusFen: 35_000, totalFen: 435_000, cardsWithBalance: 7, cardCount: 9 }
    }
    fakeBff.on('GET /merchant/dashboard', () => ({ status: 200, body: dashboard }))

    render(<Dashboard />)

    expect(screen.getByText('正在加载经营数据…')).toBeInTheDocument()
    expectShown(['¥1,500.00', '¥113.45', '2 笔 · 赠送 ¥200.00', '4 张'], (await screen.findByText('今日 · 11月25日')).closest('section')!)
    expectShown(['¥4,350.00', '共 9 张卡'])

    const [money, cards] = screen.getAllByTestId('chart')
    expect(money!.textContent).toContain(`充值:${'0,'.repeat(29)}150000`)
    expect(money!.textContent).toContain(`实收（消费 − 冲正）:${'0,'.repeat(29)}11345`)
    expect(money!.getAttribute('aria-label')).toContain('消费最多的一天是11月25日（¥113.45）')
    expect(cards!.textContent).toBe(`新增会员卡:${'0,'.repeat(29)}4`)
    expect(fakeBff.calls('GET /merchant/dashboard')[0]?.token).toBe('staff-access')
  })

  test('says what went wrong and loads again on 重试', async () => {
    let calls = 0
    fakeBff.on('GET /merchant/dashboard', () => (++calls === 1 ? { status: 403, body: { code: 'FORBIDDEN', messageZh: '没有权限执行此操作' } } : { status: 503, body: {} }))
    render(<Dashboard />)
    expect(await screen.findByText('经营数据没有加载出来：没有权限执行此操作')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('经营数据没有加载出来：服务暂时不可用，请稍后再试')).toBeInTheDocument()
  })
})

describe('结算单', () => {
  test('labels principal-only figures as such, in the words of the till and the dashboard', async () => {
    // ¥100 sold (¥90.90 of it principal), ¥12 reversed (¥10.90 principal): the dashboard shows ¥100 / ¥12
    const statement: StatementView = {
      id: 7, merchantId: 'm1', merchantName: '莲花健身', businessDate: '2026-11-25',
      redeemedPrincipalFen: 9_090, reversedPrincipalFen: 1_090, redeemedFen: 9_090, reversedFen: 1_090, netFen: 8_000,
      feeRateBps: 60, feeFen: 48, payoutFen: 7_952, redemptionCount: 1, reversalCount: 1, status: 'PAID',
      payoutAttempts: 1, payoutReference: 'P1', payoutError: null, paidAt: '2026-11-26T02:00:00.000Z', createdAt: '2026-11-26T01:00:00.000Z'
    }
    const line = (seq: number, kind: StatementLineView['kind'], principalFen: number): StatementLineView => ({
      seq, kind, principalFen, amountFen: principalFen, merchantOrderNo: `NO${seq}`, storeName: '静安店', cardNoMasked: '8812 **** **** 1234', occurredAt: '2026-11-25T04:00:00.000Z'
    })
    fakeBff.on('GET /merchant/settlement/statements/7', () => ({ status: 200, body: statement }))
    fakeBff.on('GET /merchant/settlement/statements/7/lines', () => ({ status: 200, body: { items: [line(2, 'REVERSAL', -1_090), line(1, 'REDEMPTION', 9_090)], nextCursor: null } }))

    render(<StatementDetail statementId={7} />)

    expect(await screen.findByText('消费（本金部分）')).toBeInTheDocument()
    expect(screen.getByText('¥90.90')).toBeInTheDocument()
    expect(screen.getByText('冲正（本金部分）')).toBeInTheDocument()
    expect(screen.getByText('¥10.90')).toBeInTheDocument()
    expect(screen.getByText(/经营概览的消费与冲正含赠送金/)).toBeInTheDocument()
    expect(await screen.findByText('金额（本金部分）')).toBeInTheDocument()
    expect(screen.getAllByText('冲正').length).toBeGreaterThan(0)
    expect(screen.queryByText('退款')).toBeNull()
  })
})

describe('卡产品', () => {
  test('creates a product from typed yuan, sending integer fen, then goes back to the list', async () => {
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: [{ id: 's-1', merchantId: 'm-1', name: '静安店', address: '' }] }))
    fakeBff.on('POST /merchant/card-products', (request) => ({ status: 201, body: aProduct({ ...(request.body as object), id: 'p-9' }) }))
    render(<ProductEditor productId='' merchantName='茶颜小馆' />)

    fireEvent.change(await screen.findByLabelText('卡名称'), { target: { value: '青禾储值卡' } })
    fireEvent.change(screen.getByLabelText('档位 1 充值（元）'), { target: { value: '500' } })
    fireEvent.change(screen.getByLabelText('赠送（元）'), { target: { value: '80.5' } })
    fireEvent.click(screen.getByText('创建卡产品'))

    await waitFor(() => expect(navigation.replacePage).toHaveBeenCalledWith('/pages-admin/products/index'))
    expect(fakeBff.calls('POST /merchant/card-products')[0]?.body).toMatchObject({
      name: '青禾储值卡',
      kind: 'NAMED',
      tiers: [{ payFen: 50_000, bonusFen: 8_050 }],
      minTopUpFen: 1_000,
      maxBalanceFen: 500_000,
      storeIds: []
    })
  })

  test('keeps a bad form from the server and shows the problem at its field', async () => {
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: [] }))
    render(<ProductEditor productId='' merchantName='茶颜小馆' />)
    fireEvent.change(await screen.findByLabelText('档位 1 充值（元）'), { target: { value: '5000' } })
    fireEvent.change(screen.getByLabelText('赠送（元）'), { target: { value: '100' } })
    fireEvent.click(screen.getByText('创建卡产品'))
    expect(await screen.findByText('请填写卡名称')).toBeInTheDocument()
    expect(screen.getByText('充值加赠送超过余额上限 ¥5,000.00')).toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/card-products')).toHaveLength(0)
  })

  test('停售 asks first, and a product is only retired once confirmed', async () => {
    fakeBff.on('GET /merchant/card-products', () => ({ status: 200, body: [aProduct({ id: 'p-1', name: '储值卡' })] }))
    fakeBff.on('POST /merchant/card-products/p-1/retire', () => ({ status: 201, body: aProduct({ id: 'p-1', name: '储值卡', status: 'RETIRED' }) }))
    render(<ProductList />)

    await declineThenConfirm(() => screen.findByText('停售'), 'POST /merchant/card-products/p-1/retire', { title: '停售「储值卡」？' })
    expect(await screen.findByText('「储值卡」已停售')).toBeInTheDocument()
    expect(screen.getByText('已停售')).toBeInTheDocument()
    expect(screen.queryByText('停售')).not.toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/card-products/p-1/retire')).toHaveLength(1)
  })
})

describe('门店与员工', () => {
  const member = (id: string, role: 'OWNER' | 'MANAGER' | 'CASHIER', active = true) => ({ id, merchantId: 'm-1', username: id, displayName: `员工${id}`, role, storeIds: ['s-1'], active })

  test('deactivates a cashier after a confirmation, and never offers it for the owner', async () => {
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: [{ id: 's-1', merchantId: 'm-1', name: '静安店', address: '南京西路' }] }))
    fakeBff.on('GET /merchant/staff-members', () => ({ status: 200, body: [member('o', 'OWNER'), member('c', 'CASHIER')] }))
    fakeBff.on('PUT /merchant/staff/c', (request) => ({ status: 200, body: { ...member('c', 'CASHIER'), ...(request.body as object) } }))
    render(<Team me={{ id: 'o', username: 'o', displayName: '员工o', role: 'OWNER', storeIds: [] }} />)

    const ownerRow = (await screen.findByText('员工o')).closest('tr')!
    expect(within(ownerRow).queryByText('停用')).not.toBeInTheDocument()
    const cashierRow = screen.getByText('员工c').closest('tr')!
    expect(within(cashierRow).getByText('静安店')).toBeInTheDocument()
    fireEvent.click(within(cashierRow).getByText('停用'))

    expect(await screen.findByText('已停用「员工c」')).toBeInTheDocument()
    expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '停用「员工c」？' }))
    expect(fakeBff.calls('PUT /merchant/staff/c')[0]?.body).toEqual({ active: false })
    expect(within(screen.getByText('员工c').closest('tr')!).getByText('启用')).toBeInTheDocument()
  })
})

describe('报表', () => {
  const report = (overrides: Partial<RedemptionReport> = {}): RedemptionReport => ({
    from: '2026-11-19',
    to: '2026-11-25',
    items: [
      {
        redemptionId: 'r-1',
        merchantOrderNo: 'H5-1',
        createdAt: '2026-11-25T02:00:00.000Z',
        storeId: 's-1',
        storeName: '静安店',
        cardNoMasked: '8800****1234',
        amountFen: 3_650,
        principalFen: 3_318,
        bonusFen: 332,
        points: 36,
        refundedFen: 0,
        netFen: 3_650,
        status: 'NORMAL',
        operatorType: 'staff'
      }
    ],
    nextCursor: 'next-1',
    totals: { count: 21, amountFen: 76_650, principalFen: 69_680, bonusFen: 6_970, refundedFen: 1_000, netFen: 75_650 },
    ...overrides
  })

  beforeEach(() => {
    fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: [{ id: 's-1', merchantId: 'm-1', name: '静安店', address: '' }] }))
  })

  test('shows the totals of the whole filter, pages with 加载更多, and refetches when a filter changes', async () => {
    fakeBff.on('GET /merchant/reports/redemptions', (request) => ({
      status: 200,
      body: request.query?.cursor === 'next-1' ? report({ items: [{ ...report().items[0]!, redemptionId: 'r-2', amountFen: 999 }], nextCursor: null }) : report()
    }))
    render(<Reports />)

    expect(await screen.findByText('¥756.50')).toBeInTheDocument() // 实收 of all 21, not only the shown row
    expect(screen.getByText('21')).toBeInTheDocument()
    expect(screen.getAllByText('¥36.50').length).toBeGreaterThan(0)
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(fakeBff.calls('GET /merchant/reports/redemptions')).toHaveLength(1) // re-renders do not refetch
    const first = fakeBff.calls('GET /merchant/reports/redemptions')[0]!
    expect(first.token).toBe('staff-access')
    expect(first.query).toMatchObject({ limit: '20' })
    expect(first.query?.from).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    fireEvent.click(screen.getByText('加载更多'))
    expect(await screen.findByText('¥9.99')).toBeInTheDocument()
    expect(screen.queryByText('加载更多')).not.toBeInTheDocument()

    fireEvent.change(screen.getByLabelText('门店'), { target: { value: 's-1' } })
    await waitFor(() => expect(fakeBff.calls('GET /merchant/reports/redemptions').at(-1)?.query).toMatchObject({ storeId: 's-1', cursor: undefined }))
  })

  test('refuses a start date after the end date without asking the server', async () => {
    fakeBff.on('GET /merchant/reports/redemptions', () => ({ status: 200, body: report() }))
    render(<Reports />)
    await screen.findByText('¥756.50')
    const before = fakeBff.calls('GET /merchant/reports/redemptions').length
    fireEvent.change(screen.getByLabelText('开始日期'), { target: { value: '2099-01-01' } })
    expect(await screen.findByText('开始日期不能晚于结束日期')).toBeInTheDocument()
    expect(fakeBff.calls('GET /merchant/reports/redemptions')).toHaveLength(before)
  })

  test('导出CSV downloads the same filter with the staff token through fetch, then a blob link', async () => {
    fakeBff.on('GET /merchant/reports/topups', () => ({
      status: 200,
      body: { from: '2026-11-19', to: '2026-11-25', items: [], nextCursor: null, totals: { count: 0, amountFen: 0, bonusFen: 0, refundedFen: 0 } }
    }))
    const fetchMock = jest.fn(async (_url: string, _init?: RequestInit) => ({
      ok: true,
      status: 200,
      headers: { get: () => `attachment; filename*=UTF-8''${encodeURIComponent('充值明细_2026-11-19_2026-11-25.csv')}` },
      blob: async () => new Blob(['\ufeff合计\r\n']),
      json: async () => null
    }))
    global.fetch = fetchMock as unknown as typeof fetch
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:x'), revokeObjectURL: jest.fn() })
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)

    render(<Reports />)
    fireEvent.click(await screen.findByText('充值'))
    expect(await screen.findByText('这段时间没有符合条件的记录')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'PAID' } })
    await screen.findByText('这段时间没有符合条件的记录')
    fireEvent.click(screen.getByText('导出CSV'))

    expect(await screen.findByText('已导出 充值明细_2026-11-19_2026-11-25.csv')).toBeInTheDocument()
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toMatch(/^\/merchant\/reports\/topups\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&status=PAID$/)
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer staff-access')
    expect(click).toHaveBeenCalledTimes(1)
    click.mockRestore()
  })
})

describe('商户审核', () => {
  const pending = (id: string, name: string): MerchantView => ({
    id,
    displayName: name,
    status: 'PENDING_REVIEW',
    kyc: {
      companyName: `${name}有限公司`,
      creditCode: '91350100M000100Y43',
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '13912345678',
      settlementAccountName: `${name}有限公司`,
      settlementAccountNo: '6222020200112233445',
      settlementBankName: '中国银行上海分行',
      businessLicenceFileId: 'f-licence',
      legalRepIdFileId: 'f-id'
    },
    rejectReason: null,
    feeRateBps: null,
    kycDocuments: { businessLicenceUrl: '/files/f-licence?expires=1&signature=s', legalRepIdUrl: '/files/f-id?expires=1&signature=s' },
    createdAt: '2026-11-25T01:00:00.000Z'
  })

  test('approves with the typed fee rate in basis points and takes the merchant off the queue', async () => {
    fakeBff.on('GET /operator/merchants', () => ({ status: 200, body: [pending('m-1', '青禾烘焙'), pending('m-2', '茶颜小馆')] }))
    fakeBff.on('POST /operator/merchants/m-1/review', (request) => ({
      status: 201,
      body: { ...pending('m-1', '青禾烘焙'), status: 'APPROVED', feeRateBps: (request.body as { feeRateBps: number }).feeRateBps }
    }))
    render(<ReviewQueue />)

    const card = within(await screen.findByRole('article', { name: '青禾烘焙' }))
    expect(card.getByText('91350100M000100Y43')).toBeInTheDocument()
    fireEvent.change(card.getByLabelText('平台手续费率（%）'), { target: { value: '12' } })
    fireEvent.click(card.getByText('通过'))
    expect(await card.findByText('请填写 0–10 之间的费率，最多两位小数，例如 0.60')).toBeInTheDocument()

    fireEvent.change(card.getByLabelText('平台手续费率（%）'), { target: { value: '0.8' } })
    fireEvent.click(card.getByText('通过'))
    // approval waits for a confirmation that repeats the fee rate
    const sheet = within(await screen.findByRole('dialog', { name: '通过「青禾烘焙」的审核？' }))
    expect(sheet.getByText(/收取 0\.80% 的手续费/)).toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/merchants/m-1/review')).toHaveLength(0)
    fireEvent.click(sheet.getByText('确认通过'))

    expect(await screen.findByText('已通过「青禾烘焙」，手续费率 0.80%')).toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/merchants/m-1/review')[0]).toMatchObject({ token: 'ops-access', body: { decision: 'APPROVE', feeRateBps: 80 } })
    expect(fakeBff.calls('GET /operator/merchants')[0]?.query).toEqual({ status: 'PENDING_REVIEW' })
    expect(screen.queryByRole('article', { name: '青禾烘焙' })).not.toBeInTheDocument()
    expect(screen.getByRole('article', { name: '茶颜小馆' })).toBeInTheDocument()
  })

  test('rejects only with a reason', async () => {
    fakeBff.on('GET /operator/merchants', () => ({ status: 200, body: [pending('m-1', '青禾烘焙')] }))
    fakeBff.on('POST /operator/merchants/m-1/review', () => ({ status: 201, body: { ...pending('m-1', '青禾烘焙'), status: 'REJECTED', rejectReason: '执照不清晰' } }))
    render(<ReviewQueue />)
    fireEvent.click(await screen.findByText('驳回'))
    const sheet = within(screen.getByRole('dialog'))
    fireEvent.click(sheet.getByText('确认驳回'))
    expect(await sheet.findByText('请填写驳回原因（至少 2 个字）')).toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/merchants/m-1/review')).toHaveLength(0)

    fireEvent.change(sheet.getByLabelText('驳回原因'), { target: { value: '执照不清晰' } })
    fireEvent.click(sheet.getByText('确认驳回'))
    expect(await screen.findByText('已驳回「青禾烘焙」')).toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/merchants/m-1/review')[0]?.body).toEqual({ decision: 'REJECT', reason: '执照不清晰' })
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })
})

describe('日终 · 商户结算', () => {
  const run = (overrides: Partial<SettlementRunView>): SettlementRunView => ({
    id: 7,
    businessDate: '2026-11-24',
    status: 'RUNNING',
    trigger: 'MANUAL',
    partialDay: false,
    overrideReason: null,
    requestedBy: 'ops',
    merchantsTotal: 2,
    merchantsDone: 0,
    statements: 0,
    grossFen: 0,
    feeFen: 0,
    payoutFen: 0,
    error: null,
    startedAt: '2026-11-25T01:00:00.000Z',
    finishedAt: null,
    ...overrides
  })
  const unreconciled = { businessDate: '2026-11-24', runs: [], reconciled: false, openDifferences: 2 }

  afterEach(() => jest.useRealTimers())

  test('asks for a confirmation before settling a reconciled day, and settles nothing when cancelled', async () => {
    fakeBff.on('POST /operator/settlement/runs', () => ({ status: 202, body: run({}) }))
    fakeBff.on('GET /operator/settlement/runs/7', () => ({ status: 200, body: run({}) }))
    render(<SettlementPanel date='2026-11-24' reconciliation={{ ...unreconciled, reconciled: true, openDifferences: 0 }} settlement={null} onFinished={jest.fn()} />)

    fireEvent.click(screen.getByText('开始结算'))
    let sheet = within(screen.getByRole('dialog', { name: '结算 2026-11-24？' }))
    expect(sheet.getByText(/开始后不能撤销/)).toBeInTheDocument()
    fireEvent.click(sheet.getByText('取消'))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/settlement/runs')).toHaveLength(0)

    fireEvent.click(screen.getByText('开始结算'))
    sheet = within(screen.getByRole('dialog', { name: '结算 2026-11-24？' }))
    fireEvent.click(sheet.getByText('确认结算'))
    expect(await screen.findByRole('progressbar', { name: '结算进度' })).toBeInTheDocument()
    expect(fakeBff.calls('POST /operator/settlement/runs')[0]?.body).toEqual({ businessDate: '2026-11-24' })
  })

  test('asks for an override reason on a day that is not reconciled, then follows the run to the end', async () => {
    jest.useFakeTimers()
    const answers = [run({ merchantsDone: 1 }), run({ status: 'COMPLETED', merchantsDone: 2, statements: 2, grossFen: 20_000, feeFen: 120, payoutFen: 19_880 })]
    fakeBff.on('POST /operator/settlement/runs', () => ({ status: 202, body: run({ overrideReason: '差异已核实' }) }))
    fakeBff.on('GET /operator/settlement/runs/7', () => ({ status: 200, body: answers.shift() }))
    const onFinished = jest.fn()
    render(<SettlementPanel date='2026-11-24' reconciliation={unreconciled} settlement={null} onFinished={onFinished} />)

    fireEvent.click(screen.getByText('开始结算'))
    const sheet = within(screen.getByRole('dialog'))
    expect(sheet.getByText('2026-11-24 还没有对平（2 条差异待处理）。确认要先结算吗？')).toBeInTheDocument()
    fireEvent.change(sheet.getByLabelText('强制结算原因'), { target: { value: '差异已核实' } })
    fireEvent.click(sheet.getByText('确认结算'))

    const bar = await screen.findByRole('progressbar', { name: '结算进度' })
    expect(fakeBff.calls('POST /operator/settlement/runs')[0]?.body).toEqual({ businessDate: '2026-11-24', overrideReason: '差异已核实' })
    expect(bar).toHaveAttribute('aria-valuenow', '0')
    expect(screen.getByText('已处理 0/2 家商户')).toBeInTheDocument()

    await act(() => jest.advanceTimersByTimeAsync(POLL_MS))
    expect(screen.getByText('已处理 1/2 家商户')).toBeInTheDocument()
    expect(bar).toHaveAttribute('aria-valuenow', '50')
    expect(onFinished).not.toHaveBeenCalled()

    await act(() => jest.advanceTimersByTimeAsync(POLL_MS))
    expect(screen.getByText('已处理 2/2 家商户')).toBeInTheDocument()
    expect(screen.getByText('已完成')).toBeInTheDocument()
    expect(screen.getByText('¥198.80')).toBeInTheDocument()
    expect(onFinished).toHaveBeenCalledTimes(1)

    await act(() => jest.advanceTimersByTimeAsync(POLL_MS * 3))
    expect(fakeBff.calls('GET /operator/settlement/runs/7')).toHaveLength(2) // no polling once it ended
  })
})

describe('staff sign-in', () => {
  async function signIn(role: 'OWNER' | 'MANAGER' | 'CASHIER') {
    await storage.removeItem('jucard.merchant.session')
    fakeBff.on('POST /auth/staff/login', () => ({ status: 200, body: { accessToken: 'fresh', refreshToken: 'fresh-r', expiresIn: 900, tokenType: 'Bearer' } }))
    fakeBff.on('GET /merchant/staff/me', () => ({ status: 200, body: { id: 's-1', username: 'u', displayName: '小林', role, storeIds: [] } }))
    render(<MerchantLogin />)
    const [username, password] = Array.from(document.querySelectorAll('input'))
    fireEvent.input(username!, { target: { value: 'lotus-owner' } })
    fireEvent.input(password!, { target: { value: 'secret-password' } })
    fireEvent.click(screen.getByText('登录'))
    await waitFor(() => expect(navigation.replacePage).toHaveBeenCalled())
    return navigation.replacePage.mock.calls[0]
  }

  it.each([
    ['OWNER', '/pages-admin/dashboard/index'],
    ['MANAGER', '/pages-admin/dashboard/index'],
    ['CASHIER', '/pages-merchant/redeem/index']
  ] as const)('takes a %s to %s', async (role, page) => {
    expect(await signIn(role)).toEqual([page])
  })
})
