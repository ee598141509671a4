/**
 * Pure parts of the back office and the operator console: chart data, money and fee-rate text, business days,
 * report queries, the product form, staff rules, and the CSV download helper (fetch + bearer + blob link).
 */
import './support/platform-mocks'
import { emptyDashboardFigures, type DashboardDay } from '@jucard/shared'
import { addDays, dateRangeProblemZh, isBusinessDate, shanghaiDateTime, shanghaiToday } from '@/features/console/business-day'
import { feeRateText, parseFeeRatePercent } from '@/features/console/format'
import { countTick, moneyTrend, moneyTrendSummary, newCardsTrend, shortDay, yuanTick } from '@/features/merchant-admin/dashboard/chart-data'
import { checkDraft, draftFromProduct, emptyDraft, pointsValidityOptions, tiersSummary } from '@/features/merchant-admin/products/product-form'
import { defaultFilters, reportFileName, reportQuery, statusOptions } from '@/features/merchant-admin/reports/report-query'
import { assignableRoles, newStaffProblems, staffActions } from '@/features/merchant-admin/team/staff-rules'
import { progressPercent } from '@/features/ops/day-close/use-settlement-run'
import { auditDetailZh, auditTargetZh } from '@/features/ops/freeze/audit-labels'
import { normalizeCardNo } from '@/features/ops/freeze/CardLookup'
import { matchMerchants } from '@/features/ops/freeze/MerchantLookup'
import { filenameFromDisposition, fileDownload } from '@/platform/download'
import { aProduct } from './support/fixtures'

jest.mock('@/platform/h5/chart', () => ({ ChartCanvas: () => null }))

function day(date: string, overrides: Partial<DashboardDay> = {}): DashboardDay {
  return { date, ...emptyDashboardFigures(), ...overrides }
}

describe('dashboard chart data', () => {
  const series = [
    day('2026-11-24', { topUpFen: 50_000, redemptionFen: 3_650, netRedemptionFen: 3_650, newCards: 2 }),
    day('2026-11-25', { topUpFen: 0, redemptionFen: 12_000, reversedFen: 1_000, netRedemptionFen: 11_000, newCards: 1 })
  ]

  test('maps each day to a short label and keeps money in integer fen for the chart', () => {
    const spec = moneyTrend(series)
    expect(spec.labels).toEqual(['11/24', '11/25'])
    expect(spec.series.map((s) => [s.label, s.kind, s.data])).toEqual([
      ['充值', 'bar', [50_000, 0]],
      ['实收（消费 − 冲正）', 'bar', [3_650, 11_000]]
    ])
    expect(spec.series.every((s) => s.data.every(Number.isSafeInteger))).toBe(true)
    expect(newCardsTrend(series).series[0]).toMatchObject({ kind: 'line', data: [2, 1] })
  })

  test('formats axis ticks as yuan, rounding ticks that fall between whole fen', () => {
    expect(yuanTick(1_234_500)).toBe('¥12,345.00')
    expect(yuanTick(2_500.5)).toBe('¥25.01')
    expect(countTick(2.6)).toBe('3')
  })

  test('says in one sentence what the chart shows, for screen readers', () => {
    expect(moneyTrendSummary(series)).toBe('11月24日至11月25日每日充值与消费柱状图：充值合计¥500.00，消费合计¥146.50，消费最多的一天是11月25日（¥110.00）')
    expect(moneyTrendSummary([day('2026-11-25')])).not.toContain('消费最多')
    expect(shortDay('2026-01-05')).toBe('1/5')
  })
})

describe('money and fee-rate text', () => {
  it.each([
    [60, '0.60%'],
    [5, '0.05%'],
    [1000, '10.00%'],
    [0, '0.00%']
  ])('shows %i basis points as %s', (bps, text) => {
    expect(feeRateText(bps)).toBe(text)
  })

  it.each([
    ['0.6', 60],
    ['0.60', 60],
    ['1', 100],
    [' 2.5 % ', 250],
    ['10', 1000],
    ['0', 0]
  ])('reads a typed rate "%s" as %i basis points', (text, bps) => {
    expect(parseFeeRatePercent(text)).toBe(bps)
  })

  it.each(['', 'abc', '0.605', '10.01', '-1', '1e2'])('refuses "%s" as a fee rate', (text) => {
    expect(parseFeeRatePercent(text)).toBeNull()
  })
})

describe('business days (Asia/Shanghai)', () => {
  test('today is the Shanghai date, whatever the UTC date is', () => {
    expect(shanghaiToday(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25')
    expect(shanghaiToday(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24')
  })

  test('moves across months and years, and knows real dates', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(isBusinessDate('2026-02-30')).toBe(false)
    expect(isBusinessDate('2026-11-25')).toBe(true)
    expect(shanghaiDateTime('2026-11-24T16:30:00.000Z')).toBe('2026-11-25 00:30')
  })

  it.each([
    ['2026-11-20', '2026-11-25', null],
    ['2026-11-26', '2026-11-25', '开始日期不能晚于结束日期'],
    ['2026-11-25', '2026-11-26', '结束日期不能晚于今天'],
    ['2025-11-24', '2026-11-25', '最长可查询 366 天'],
    ['2025-11-25', '2026-11-25', null],
    ['', '2026-11-25', '请选择开始和结束日期']
  ])('a range %s … %s is refused with %p', (from, to, problem) => {
    expect(dateRangeProblemZh(from, to, 366, '2026-11-25')).toBe(problem)
  })
})

describe('report queries', () => {
  test('default to the last seven days, today included', () => {
    expect(defaultFilters('redemptions', '2026-11-25')).toEqual({ kind: 'redemptions', from: '2026-11-19', to: '2026-11-25', storeId: '', status: '' })
  })

  test('send the store only for redemptions and drop a status the kind does not have', () => {
    const base = { from: '2026-11-19', to: '2026-11-25', storeId: 'store-1' }
    expect(reportQuery({ ...base, kind: 'redemptions', status: 'REVERSED' }, '2026-11-25')).toEqual({
      ok: true,
      query: { from: '2026-11-19', to: '2026-11-25', storeId: 'store-1', status: 'REVERSED' }
    })
    expect(reportQuery({ ...base, kind: 'topups', status: 'REVERSED' }, '2026-11-25')).toEqual({
      ok: true,
      query: { from: '2026-11-19', to: '2026-11-25', storeId: undefined, status: undefined }
    })
    expect(reportQuery({ ...base, kind: 'refunds', status: '', to: '2026-11-18' }, '2026-11-25')).toEqual({ ok: false, problemZh: '开始日期不能晚于结束日期' })
  })

  test('offer each kind its own statuses, "全部" first, and name the CSV by kind and dates', () => {
    expect(statusOptions('refunds').map((o) => o.label)).toEqual(['全部状态', '退卡处理中', '已退卡', '退卡失败'])
    expect(statusOptions('topups')[0]).toEqual({ value: '', label: '全部状态' })
    expect(reportFileName('redemptions', { from: '2026-11-19', to: '2026-11-25' })).toBe('消费报表_2026-11-19_2026-11-25.csv')
  })
})

describe('the product form', () => {
  test('turns typed yuan into fen, with the kind’s defaults', () => {
    const draft = { ...emptyDraft(), name: ' 储值卡 ', tiers: [{ pay: '500', bonus: '50' }, { pay: '1000.5', bonus: '' }], minTopUp: '10' }
    expect(checkDraft(draft)).toEqual({
      ok: true,
      input: expect.objectContaining({
        name: '储值卡',
        tiers: [
          { payFen: 50_000, bonusFen: 5_000 },
          { payFen: 100_050, bonusFen: 0 }
        ],
        minTopUpFen: 1_000,
        maxBalanceFen: 500_000,
        validityMonths: null,
        pointsPerYuan: 1,
        pointsValidYears: 1
      })
    })
  })

  test('offers points validity by years after the year earned, keeping a product’s own number', () => {
    expect(pointsValidityOptions('1').map((o) => o.label)).toEqual(['永久有效', '获得后次年年底过期', '获得后第 3 年年底过期', '获得后第 4 年年底过期'])
    expect(pointsValidityOptions('5').map((o) => o.value)).toEqual(['0', '1', '2', '3', '5'])
    expect(checkDraft({ ...emptyDraft(), name: '储值卡', tiers: [{ pay: '500', bonus: '0' }], pointsValidYears: '0' })).toMatchObject({ ok: true, input: { pointsValidYears: 0 } })
  })

  test('shows every problem at its field before anything is sent', () => {
    const draft = {
      ...emptyDraft(),
      kind: 'ANONYMOUS' as const,
      maxBalance: '2000',
      validityMonths: '12',
      tiers: [
        { pay: '12.345', bonus: '0' },
        { pay: '100', bonus: '200' },
        { pay: '100', bonus: '0' }
      ],
      pointsPerYuan: '1.5'
    }
    const result = checkDraft(draft)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({
      name: '请填写卡名称',
      maxBalance: '不记名卡余额上限最高 ¥1,000.00',
      validityMonths: '不记名卡有效期至少 36 个月',
      'tiers.0.pay': '金额格式不对，例如 500 或 36.50',
      'tiers.1.bonus': '赠送不能超过充值金额',
      'tiers.2.pay': '与其他档位金额重复',
      pointsPerYuan: '请填写 0–100 的整数'
    })
  })

  test('needs a tier or custom amounts, and reads an existing product back into the form', () => {
    expect(checkDraft({ ...emptyDraft(), name: '卡', tiers: [], allowCustomAmount: false })).toMatchObject({ ok: false, errors: { tiers: '至少设置一个充值档位，或允许自定义金额' } })
    const product = aProduct({ kind: 'ANONYMOUS', validityMonths: 48, maxBalanceFen: 100_000, tiers: [{ payFen: 50_000, bonusFen: 5_000 }] })
    const draft = draftFromProduct(product)
    expect(draft).toMatchObject({ tiers: [{ pay: '500.00', bonus: '50.00' }], maxBalance: '1000.00', validityMonths: '48' })
    expect(checkDraft(draft)).toMatchObject({ ok: true, input: { tiers: [{ payFen: 50_000, bonusFen: 5_000 }], validityMonths: 48, maxBalanceFen: 100_000 } })
    expect(tiersSummary(product)).toBe('充500送50 · 可自定义金额')
  })
})

describe('staff rules', () => {
  const owner = { id: 'o', role: 'OWNER' as const }
  const manager = { id: 'm', role: 'MANAGER' as const }
  const member = (id: string, role: 'OWNER' | 'MANAGER' | 'CASHIER') => ({ id, merchantId: 'x', username: id, displayName: id, role, storeIds: [], active: true })

  test('protect the owner, leave managers to the owner, and keep people from deactivating themselves', () => {
    expect(staffActions(manager, member('o', 'OWNER'))).toEqual({ edit: false, toggleActive: false })
    expect(staffActions(manager, member('m2', 'MANAGER'))).toEqual({ edit: false, toggleActive: false })
    expect(staffActions(manager, member('c', 'CASHIER'))).toEqual({ edit: true, toggleActive: true })
    expect(staffActions(owner, member('m2', 'MANAGER'))).toEqual({ edit: true, toggleActive: true })
    expect(staffActions(manager, member('m', 'MANAGER'))).toEqual({ edit: false, toggleActive: false })
    expect(assignableRoles('MANAGER')).toEqual(['CASHIER'])
    expect(assignableRoles('OWNER')).toEqual(['CASHIER', 'MANAGER'])
  })

  test('check a new account the way the BFF will', () => {
    expect(newStaffProblems({ username: 'Lotus Cashier', password: 'short', displayName: ' ' })).toEqual({
      username: '3–64 位小写字母、数字或 _ . -，以字母或数字开头',
      password: '密码至少 8 位',
      displayName: '请填写姓名'
    })
    expect(newStaffProblems({ username: 'lotus-cashier-2', password: 'cashier-pass', displayName: '小王' })).toEqual({})
  })
})

describe('operator console parts', () => {
  test('progress of a settlement run', () => {
    expect(progressPercent({ status: 'RUNNING', merchantsDone: 1, merchantsTotal: 3 })).toBe(33)
    expect(progressPercent({ status: 'RUNNING', merchantsDone: 0, merchantsTotal: 0 })).toBe(0)
    expect(progressPercent({ status: 'COMPLETED', merchantsDone: 0, merchantsTotal: 0 })).toBe(100)
  })

  test('card numbers with spaces, and merchants found by name', () => {
    expect(normalizeCardNo('8800 0000 0000 1234')).toBe('8800000000001234')
    expect(normalizeCardNo('88000000')).toBeNull()
    const merchants = [
      { id: 'a1', displayName: '莲花健身', kyc: null },
      { id: 'b2', displayName: '青禾烘焙', kyc: { companyName: '上海青禾食品有限公司' } }
    ] as Parameters<typeof matchMerchants>[0]
    expect(matchMerchants(merchants, '青禾食品').map((m) => m.id)).toEqual(['b2'])
    expect(matchMerchants(merchants, ' ')).toHaveLength(2)
  })

  test('audit entries in words', () => {
    expect(auditDetailZh({ reason: '顾客挂失', before: 'ACTIVE', after: 'FROZEN', cardNo: '8800000000001234' })).toBe('正常 → 已冻结 · 原因：顾客挂失')
    expect(auditDetailZh({ role: 'MANAGER', storeIds: ['s-1'] })).toBe('角色：店长')
    expect(auditTargetZh({ targetType: 'card', targetId: 'uuid', detail: { cardNo: '8800000000001234' } })).toBe('会员卡 8800000000001234')
    expect(auditTargetZh({ targetType: 'merchant', targetId: '3f2a9c1e-0000', detail: null })).toBe('商户 3f2a9c1e')
    expect(auditTargetZh({ targetType: 'merchant', targetId: '3f2a9c1e-0000', detail: null, targetLabel: '莲花健身' })).toBe('商户「莲花健身」')
  })
})

describe('CSV download helper', () => {
  const realFetch = global.fetch
  let clicked: Array<{ href: string; download: string }>

  beforeEach(() => {
    clicked = []
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:report-1'), revokeObjectURL: jest.fn() })
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
  })

  afterEach(() => {
    global.fetch = realFetch
    jest.restoreAllMocks()
  })

  function answer(status: number, body: string, headers: Record<string, string> = {}) {
    const fetchMock = jest.fn(async (_url: string, _init?: RequestInit) => ({
      ok: status >= 200 && status < 300,
      status,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      blob: async () => new Blob([body], { type: 'text/csv' }),
      json: async () => JSON.parse(body)
    }))
    global.fetch = fetchMock as unknown as typeof fetch
    return fetchMock
  }

  test('fetches with the bearer token and hands the file to the browser under the server’s Chinese name', async () => {
    const csv = '\ufeff消费时间,消费金额(元)\r\n2026-11-25 10:00,36.50\r\n合计,36.50\r\n'
    const fetchMock = answer(200, csv, {
      'content-disposition': `attachment; filename="jucard-redemptions_2026-11-19_2026-11-25.csv"; filename*=UTF-8''${encodeURIComponent('消费明细_2026-11-19_2026-11-25.csv')}`
    })

    const response = await fileDownload('fallback.csv')({ method: 'GET', path: '/merchant/reports/redemptions.csv', query: { from: '2026-11-19', to: '2026-11-25', status: undefined }, token: 'staff-access' })

    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/merchant/reports/redemptions.csv?from=2026-11-19&to=2026-11-25')
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer staff-access')
    expect(clicked).toEqual([{ href: 'blob:report-1', download: '消费明细_2026-11-19_2026-11-25.csv' }])
    expect(response).toEqual({ kind: 'answered', status: 200, body: { filename: '消费明细_2026-11-19_2026-11-25.csv', bytes: new Blob([csv]).size } })
    expect(document.querySelector('a[download]')).toBeNull() // the temporary link is gone
  })

  test('reads an error answer as JSON for the envelope and saves nothing', async () => {
    answer(422, JSON.stringify({ code: 'REPORT_RANGE_INVALID', messageZh: '查询日期范围无效，最长可查询366天' }))
    const response = await fileDownload('x.csv')({ method: 'GET', path: '/merchant/reports/topups.csv', token: 't' })
    expect(response).toEqual({ kind: 'answered', status: 422, body: { code: 'REPORT_RANGE_INVALID', messageZh: '查询日期范围无效，最长可查询366天' } })
    expect(clicked).toEqual([])
  })

  test('reports a network failure as no answer', async () => {
    global.fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    expect(await fileDownload('x.csv')({ method: 'GET', path: '/x.csv', token: 't' })).toEqual({ kind: 'no-answer', reason: 'Failed to fetch' })
  })

  it.each([
    [null, 'fallback.csv'],
    ['attachment; filename="report.csv"', 'report.csv'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    [`attachment; filename*=UTF-8''${encodeURIComponent('结算明细.csv')}`, '结算明细.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ["attachment; filename*=UTF-8''%E0%A4%A; filename=\"ok.csv\"", 'ok.csv']
  ])('names the file from Content-Disposition %p', (header, name) => {
    expect(filenameFromDisposition(header, 'fallback.csv')).toBe(name)
  })
})
