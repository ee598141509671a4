/**
 * The operator console's 季度报表 page: each merchant's prepaid-card principal for a quarter in yuan with its 合计,
 * the quarter picker, the empty and error states, and the CSV download. Real page, API client, session and
 * features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { QuarterlyMerchantRow, QuarterlyReportView } from '@jucard/shared'
import OpsReports from '@/pages-ops/reports/index'
import { fakeBff } from './support/fake-platform'

const REPORT = 'GET /operator/reports/quarterly'

// 25 November 2026 in Shanghai: the quarter under way is 2026Q4. Only the clock is faked; timers run for real.
beforeAll(() => {
  jest.useFakeTimers({
    now: Date.parse('2026-11-25T02:30:00.000Z'),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout']
  })
})

afterAll(() => {
  jest.useRealTimers()
})

beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
})

const row = (overrides: Partial<QuarterlyMerchantRow>): QuarterlyMerchantRow => ({
  merchantId: 'm-1',
  merchantName: '莲花健身',
  cardsIssued: 0,
  toppedUpFen: 0,
  redeemedFen: 0,
  refundedFen: 0,
  openingFen: 0,
  closingFen: 0,
  ...overrides
})

const lotus = row({ cardsIssued: 12, toppedUpFen: 600_000, redeemedFen: 123_450, refundedFen: 20_000, openingFen: 50_000, closingFen: 506_550 })
const tea = row({ merchantId: 'm-2', merchantName: '茶颜小馆', cardsIssued: 3, toppedUpFen: 30_000, redeemedFen: 9_990, refundedFen: 0, openingFen: 0, closingFen: 20_010 })

function report(quarter: string, from: string, to: string, rows: QuarterlyMerchantRow[]): QuarterlyReportView {
  const sum = (pick: (r: QuarterlyMerchantRow) => number) => rows.reduce((total, r) => total + pick(r), 0)
  return {
    quarter,
    from,
    to,
    rows,
    totals: {
      cardsIssued: sum((r) => r.cardsIssued),
      toppedUpFen: sum((r) => r.toppedUpFen),
      redeemedFen: sum((r) => r.redeemedFen),
      refundedFen: sum((r) => r.refundedFen),
      openingFen: sum((r) => r.openingFen),
      closingFen: sum((r) => r.closingFen)
    }
  }
}

/** Answers each quarter asked for with its own report; an unknown one with no merchants. */
function serve(byQuarter: Record<string, QuarterlyReportView>) {
  fakeBff.on(REPORT, (request) => {
    const quarter = request.query?.quarter ?? ''
    return { status: 200, body: byQuarter[quarter] ?? report(quarter, '', '', []) }
  })
}

const cellsOf = (tr: HTMLElement) => Array.from((tr as HTMLTableRowElement).cells, (cell) => cell.textContent)
const askedFor = () => fakeBff.calls(REPORT).map((request) => request.query?.quarter)

describe('季度报表', () => {
  test('shows the quarter under way by default: each merchant and the 合计 in yuan', async () => {
    serve({ '2026Q4': report('2026Q4', '2026-10-01', '2026-12-31', [lotus, tea]) })
    render(<OpsReports />)

    const table = await screen.findByRole('table')
    const [header, ...rows] = within(table).getAllByRole('row')
    expect(within(header!).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['商户', '新发卡数', '充值本金', '消费本金', '退卡本金', '期初预收余额', '期末预收余额'])
    expect(rows.map(cellsOf)).toEqual([
      ['莲花健身', '12', '¥6,000.00', '¥1,234.50', '¥200.00', '¥500.00', '¥5,065.50'],
      ['茶颜小馆', '3', '¥300.00', '¥99.90', '¥0.00', '¥0.00', '¥200.10'],
      ['合计', '15', '¥6,300.00', '¥1,334.40', '¥200.00', '¥500.00', '¥5,265.60']
    ])
    expect(table.querySelector('tfoot th')).toHaveTextContent('合计')
    expect(askedFor()).toEqual(['2026Q4'])
    expect(screen.getByRole('heading', { name: '2026年第4季度（10月1日–12月31日）' })).toBeInTheDocument()
    expect(screen.getByText('本季度还没有结束：期末预收余额是目前的余额。')).toBeInTheDocument()
    expect(screen.getByText(/^按季度统计各商户预付卡本金/)).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: '功能' })).getByRole('button', { name: '季度报表' })).toHaveAttribute('aria-current', 'page')
  })

  test('offers the last eight quarters, newest first, and asks for the one chosen', async () => {
    serve({
      '2026Q4': report('2026Q4', '2026-10-01', '2026-12-31', [lotus]),
      '2026Q1': report('2026Q1', '2026-01-01', '2026-03-31', [tea])
    })
    render(<OpsReports />)
    await screen.findByText('莲花健身')

    const picker = screen.getByLabelText('季度')
    expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual([
      '2026年第4季度（10月1日–12月31日）',
      '2026年第3季度（7月1日–9月30日）',
      '2026年第2季度（4月1日–6月30日）',
      '2026年第1季度（1月1日–3月31日）',
      '2025年第4季度（10月1日–12月31日）',
      '2025年第3季度（7月1日–9月30日）',
      '2025年第2季度（4月1日–6月30日）',
      '2025年第1季度（1月1日–3月31日）'
    ])
    fireEvent.change(picker, { target: { value: '2026Q1' } })

    expect(await screen.findByText('茶颜小馆')).toBeInTheDocument()
    expect(screen.queryByText('莲花健身')).not.toBeInTheDocument()
    expect(askedFor()).toEqual(['2026Q4', '2026Q1'])
    expect(screen.getByRole('heading', { name: '2026年第1季度（1月1日–3月31日）' })).toBeInTheDocument()
    // a quarter already over: its closing balance is final
    expect(screen.queryByText('本季度还没有结束：期末预收余额是目前的余额。')).not.toBeInTheDocument()
  })

  test('says so when no merchant had prepaid-card business in the quarter', async () => {
    serve({})
    render(<OpsReports />)

    expect(await screen.findByText('该季度没有商户发生预付卡业务')).toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  test('shows why the report did not load, and loads it again on 重试', async () => {
    fakeBff.on(REPORT, () => ({ status: 503, body: { code: 'INTERNAL', messageZh: '服务暂时不可用，请稍后再试' } }))
    render(<OpsReports />)

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('服务暂时不可用，请稍后再试')
    serve({ '2026Q4': report('2026Q4', '2026-10-01', '2026-12-31', [lotus]) })
    fireEvent.click(within(alert).getByText('重试'))

    expect(await screen.findByText('莲花健身')).toBeInTheDocument()
    expect(askedFor()).toEqual(['2026Q4', '2026Q4'])
  })

  test('下载 CSV fetches the chosen quarter’s file with the operator’s token and saves it', async () => {
    serve({ '2026Q4': report('2026Q4', '2026-10-01', '2026-12-31', [lotus]), '2026Q3': report('2026Q3', '2026-07-01', '2026-09-30', [tea]) })
    const fetchMock = jest.fn(async (_url: string, _init?: RequestInit) => ({
      ok: true,
      status: 200,
      headers: { get: () => `attachment; filename*=UTF-8''${encodeURIComponent('预付卡季度报表_2026Q3.csv')}` },
      blob: async () => new Blob(['\ufeff商户\r\n合计\r\n']),
      json: async () => null
    }))
    const realFetch = global.fetch
    global.fetch = fetchMock as unknown as typeof fetch
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:quarterly'), revokeObjectURL: jest.fn() })
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    try {
      render(<OpsReports />)
      await screen.findByText('莲花健身')
      fireEvent.change(screen.getByLabelText('季度'), { target: { value: '2026Q3' } })
      await screen.findByText('茶颜小馆')
      fireEvent.click(screen.getByRole('button', { name: '下载 CSV' }))

      expect(await screen.findByText('已下载 预付卡季度报表_2026Q3.csv')).toBeInTheDocument()
      expect(fetchMock).toHaveBeenCalledTimes(1)
      const [url, init] = fetchMock.mock.calls[0]!
      expect(url).toBe('/operator/reports/quarterly.csv?quarter=2026Q3')
      expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer ops-access')
      expect(click).toHaveBeenCalledTimes(1)
    } finally {
      global.fetch = realFetch
      click.mockRestore()
    }
  })
})
