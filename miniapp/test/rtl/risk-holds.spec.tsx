/**
 * The back office's 风控审核 page: the merchant's held operations with what to tell the customer, its empty and
 * error states. Real API client, session and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { MerchantRiskHoldList } from '@jucard/shared'
import { RiskHolds } from '@/features/merchant-admin/risk/RiskHolds'
import { fakeBff } from './support/fake-platform'

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

const holds: MerchantRiskHoldList = {
  items: [
    {
      reference: '1A2B3C4D',
      operationKind: 'REDEMPTION',
      amountFen: 6_000,
      cardNo: '8800000000001234',
      at: '2026-11-25T02:30:00.000Z',
      state: 'REVIEWING',
      decidedAt: null,
      messageZh: '这笔消费需要平台安全审核，没有扣款，卡内余额不变。'
    }
  ]
}

describe('风控审核', () => {
  test('lists a held sale with its state, the card, the amount, the words for the customer and the reference', async () => {
    fakeBff.on('GET /merchant/risk/holds', () => ({ status: 200, body: holds }))
    render(<RiskHolds />)
    const [, row] = await screen.findAllByRole('row')
    expect(within(row!).getByRole('rowheader').textContent).toBe('2026-11-25 10:30')
    expect(within(row!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['消费', '8800000000001234', '¥60.00', '审核中', '这笔消费需要平台安全审核，没有扣款，卡内余额不变。', '1A2B3C4D'])
  })

  test('says so when nothing was held, and offers a retry when the list cannot load', async () => {
    fakeBff.on('GET /merchant/risk/holds', () => ({ status: 200, body: { items: [] } }))
    const { unmount } = render(<RiskHolds />)
    expect(await screen.findByText('最近 30 天没有被风控暂停的业务。')).toBeTruthy()
    unmount()
    fakeBff.on('GET /merchant/risk/holds', () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后再试' } }))
    render(<RiskHolds />)
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy()
    fakeBff.on('GET /merchant/risk/holds', () => ({ status: 200, body: holds }))
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('1A2B3C4D')).toBeTruthy()
  })
})
