/**
 * The operator console's 备付金覆盖 card: what the reserve can pay out now and which payouts wait for the channels'
 * money, with why. Real API client, session and component; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { render, screen, within } from '@testing-library/react'
import type { CustodyReport } from '@jucard/shared'
import { CustodyPanel } from '@/features/ops/day-close/CustodyPanel'
import { fakeBff } from './support/fake-platform'


// an operator signed in (the console's own session key)
beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
})

const report = (overrides: Partial<CustodyReport> = {}): CustodyReport => ({
  checkedAt: '2026-11-25T02:30:00.000Z',
  reserveFen: 0,
  inTransitFen: 50_000,
  cardLiabilitiesFen: 40_000,
  unsettledPayablesFen: 9_940,
  refundsInFlightFen: 0,
  surplusFen: 60,
  covered: true,
  reserveAvailableFen: 0,
  heldPayouts: [],
  perMerchant: [],
  ...overrides
})

const figure = (label: string) => screen.getByText(label, { exact: true }).closest('.console-figure')?.textContent ?? ''

describe('备付金覆盖', () => {
  test('lists a payout held until the channels settle into the reserve, with its amount, day and why', async () => {
    const held = {
      statementId: 7,
      merchantId: 'm1',
      merchantName: '莲花健身',
      businessDate: '2026-11-25',
      payoutFen: 9_940,
      reason: 'AWAITING_FUNDS: 等待渠道资金到账（备付金可用 ¥0.00，本笔打款 ¥99.40）',
      heldSince: '2026-11-25T03:00:00.000Z'
    }
    fakeBff.on('GET /operator/custody', () => ({ status: 200, body: report({ heldPayouts: [held] }) }))
    render(<CustodyPanel version={0} />)

    const section = (await screen.findByRole('heading', { name: '等待渠道资金到账的打款' })).closest('section')!
    expect(section.textContent).toContain('1 笔共 ¥99.40')
    const [, row] = within(section).getAllByRole('row')
    expect(within(row!).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['莲花健身'])
    expect(within(row!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2026-11-25', '¥99.40', '2026-11-25 11:00', '等待渠道资金到账（备付金可用 ¥0.00，本笔打款 ¥99.40）'])
    expect(figure('可用于打款')).toContain('¥0.00')
    expect(screen.getByText('已覆盖')).toBeTruthy()
  })

  test('says nothing waits when every payout had its money, and never shows an overdrawn reserve as covered', async () => {
    fakeBff.on('GET /operator/custody', () => ({ status: 200, body: report({ reserveFen: -7_952, reserveAvailableFen: -7_952, covered: false }) }))
    render(<CustodyPanel version={0} />)

    expect(await screen.findByText('没有等待中的打款：每笔打款都在备付金里有钱。')).toBeTruthy()
    expect(screen.getByText('未覆盖')).toBeTruthy()
    expect(screen.queryByText('已覆盖')).toBeNull()
    expect(screen.getByText('备付金账户为负：银行账户不能透支，请立即核对存管银行流水。')).toBeTruthy()
    expect(figure('备付金账户')).toContain('-¥79.52')
  })
})
