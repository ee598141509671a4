/**
 * The live member code (src/features/member-code): countdown while shown, then "已使用" with the new balance
 * once the status poll says USED. Composed like the member-code page, from the real hook and components.
 */
import './support/platform-mocks'
import type { CardBalance, MemberCodeStatus } from '@jucard/shared'
import { act, render, screen, waitFor } from '@testing-library/react'
import { CodeUsed, LiveCode } from '@/features/member-code/MemberCode'
import { barcodeDataUrl } from '@/features/member-code/qr'
import { LATE_SALE_MS, POLL_MS, useMemberCode } from '@/features/member-code/use-member-code'
import { StatePanel } from '@/features/ui/StatePanel'
import { aMemberCode } from './support/fixtures'
import { fakeBff } from './support/fake-platform'


/** code-1's status once a sale of `amountFen` at 徐汇店 charged it, leaving `balance`. */
function code1Used(amountFen: number, balance: CardBalance): MemberCodeStatus {
  return { codeId: 'code-1', state: 'USED', redemption: { redemptionId: 'r-1', amountFen, storeName: '徐汇店', balance, redeemedAt: '2026-11-25T06:30:00.000Z' } }
}

function MemberCodeScreen({ cardId }: { cardId: string }) {
  const code = useMemberCode(cardId)
  return (
    <>
      {code.screen.status === 'loading' && <StatePanel kind='loading' text='正在生成会员码…' />}
      {code.screen.status === 'failed' && <StatePanel kind='error' text={code.screen.messageZh} />}
      {code.screen.status === 'showing' && (
        <LiveCode code={code.screen.code} qr={code.screen.qr} secondsLeft={code.secondsLeft} onRefresh={() => void code.refresh()} />
      )}
      {code.screen.status === 'used' && <CodeUsed redemption={code.screen.redemption} onAgain={() => void code.refresh()} />}
    </>
  )
}

beforeEach(() => {
  fakeBff.reset()
  fakeBff.on('POST /me/cards/card-1/member-code', () => ({ status: 201, body: aMemberCode() }))
})

test('shows the code with a countdown while it is valid', async () => {
  fakeBff.on('GET /me/member-codes/code-1', () => ({ status: 200, body: { codeId: 'code-1', state: 'ACTIVE', redemption: null } }))
  const { unmount } = render(<MemberCodeScreen cardId='card-1' />)

  expect(screen.getByText('正在生成会员码…')).toBeInTheDocument()
  expect(await screen.findByText('2812 3456 7890 1234 56')).toBeInTheDocument()
  expect(screen.getByText(/^(60|59) 秒后失效 · 自动刷新$/)).toBeInTheDocument()
  // the QR and the Code 128 barcode, both drawn as SVG images
  const images = screen.getAllByRole('img')
  expect(images).toHaveLength(2)
  for (const image of images) expect(image).toHaveAttribute('src', expect.stringMatching(/^data:image\/svg\+xml;base64,/))
  unmount()
})

test('shows 已使用 and the new balance when the status says USED', async () => {
  fakeBff.on('GET /me/member-codes/code-1', () => ({
    status: 200,
    body: code1Used(11200, { principalFen: 39800, bonusFen: 4000, totalFen: 43800, points: 124 })
  }))
  render(<MemberCodeScreen cardId='card-1' />)

  await screen.findByText(/秒后失效/)
  expect(await screen.findByText('已使用 ¥112.00', undefined, { timeout: POLL_MS + 3000 })).toBeInTheDocument()
  expect(screen.getByText('¥438.00')).toBeInTheDocument()
  expect(screen.getByText('本金 ¥398.00 · 赠送金 ¥40.00 · 积分 124')).toBeInTheDocument()
  expect(screen.getByText(/徐汇店 · 14:30/)).toBeInTheDocument()
  // the code itself is gone and polling stopped
  expect(screen.queryByText(/秒后失效/)).not.toBeInTheDocument()
  const polls = fakeBff.calls('GET /me/member-codes/code-1').length
  await new Promise((resolve) => setTimeout(resolve, POLL_MS + 200))
  await waitFor(() => expect(fakeBff.calls('GET /me/member-codes/code-1')).toHaveLength(polls))
})

test('confirms a sale on an EARLIER code that is still valid, after the page moved on to a newer one', async () => {
  let issuedCount = 0
  fakeBff.on('POST /me/cards/card-1/member-code', () => {
    issuedCount++
    // the first code asks to be replaced after 1 s, as if the page refreshed while the cashier was scanning
    return { status: 201, body: issuedCount === 1 ? aMemberCode({ refreshAfterSeconds: 1 }) : aMemberCode({ codeId: 'code-2', numericCode: '281234567890999999' }) }
  })
  fakeBff.on('GET /me/member-codes/code-2', () => ({ status: 200, body: { codeId: 'code-2', state: 'ACTIVE', redemption: null } }))
  // code-1 is charged only once code-2 is on screen
  fakeBff.on('GET /me/member-codes/code-1', () => ({
    status: 200,
    body:
      issuedCount < 2
        ? { codeId: 'code-1', state: 'ACTIVE', redemption: null }
        : code1Used(3650, { principalFen: 46000, bonusFen: 5350, totalFen: 51350, points: 36 })
  }))
  render(<MemberCodeScreen cardId='card-1' />)

  expect(await screen.findByText('2812 3456 7890 9999 99', undefined, { timeout: 3000 })).toBeInTheDocument()
  expect(await screen.findByText('已使用 ¥36.50', undefined, { timeout: POLL_MS * 2 + 3000 })).toBeInTheDocument()
  expect(screen.getByText('¥513.50')).toBeInTheDocument()
  expect(screen.queryByText(/秒后失效/)).not.toBeInTheDocument()
})

test('stops asking about an earlier code once it is past any chance of a sale', async () => {
  jest.useFakeTimers({ now: Date.parse('2026-11-25T06:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
  try {
    let issuedCount = 0
    fakeBff.on('POST /me/cards/card-1/member-code', () => {
      issuedCount++
      const now = Date.now()
      const base = { serverTime: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString(), refreshAfterSeconds: 30 }
      return { status: 201, body: aMemberCode({ ...base, codeId: `code-${issuedCount}` }) }
    })
    for (const id of ['code-1', 'code-2', 'code-3', 'code-4']) {
      fakeBff.on(`GET /me/member-codes/${id}`, () => ({ status: 200, body: { codeId: id, state: 'ACTIVE', redemption: null } }))
    }
    const { unmount } = render(<MemberCodeScreen cardId='card-1' />)
    await act(() => jest.advanceTimersByTimeAsync(10))
    // 100 s: code-1 (issued at 0, expired at 60 s) is past its expiry + LATE_SALE_MS; code-2 (30 s → 90 s) is not
    await act(() => jest.advanceTimersByTimeAsync(100_000))
    const before = fakeBff.calls('GET /me/member-codes/code-1').length
    const before2 = fakeBff.calls('GET /me/member-codes/code-2').length
    await act(() => jest.advanceTimersByTimeAsync(POLL_MS * 3))
    expect(fakeBff.calls('GET /me/member-codes/code-1')).toHaveLength(before)
    expect(fakeBff.calls('GET /me/member-codes/code-2').length).toBeGreaterThan(before2)
    expect(LATE_SALE_MS).toBeLessThan(100_000 - 60_000)
    unmount()
  } finally {
    jest.useRealTimers()
  }
})

describe('the member code barcode (H5)', () => {
  it('should draw exactly the Code 128 bars of the 18 digits, as an SVG image', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { code128C } = require('../../src/native-components/member-code/code128')
    const digits = '931123456789654321'
    const svg = Buffer.from(barcodeDataUrl(digits).replace('data:image/svg+xml;base64,', ''), 'base64').toString('ascii')
    const drawn = [...svg.matchAll(/<rect x="(\d+)" y="0" width="(\d+)"/g)].reduce((sum, m) => sum + Number(m[2]), 0)
    const expected = code128C(digits).modules.filter((m: number) => m === 1).length
    expect(drawn).toBe(expected)
    expect(svg).toContain(`viewBox="0 0 ${code128C(digits).modules.length} 40"`)
  })
})
