/**
 * The back office's 停业公告 (docs/compliance.md §10): the owner's notice checked before it is sent, asked before it is
 * published, then shown with a withdrawal; a manager can read but not announce. Only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { MerchantClosingNotice } from '@jucard/shared'
import { ClosingNotice } from '@/features/merchant-admin/closing/ClosingNotice'
import { addDays, shanghaiToday } from '@/features/console/business-day'
import { fakeBff } from './support/fake-platform'

const owner = { id: 'o', username: 'o', displayName: '店主', role: 'OWNER' as const, storeIds: [] }
let standing: MerchantClosingNotice | null

beforeEach(() => {
  standing = null
  fakeBff.reset({ signedIn: ['staff'] })
  fakeBff.on('GET /merchant/closing', () => ({ status: 200, body: standing }))
})

test('checks the day and the reason first, asks before publishing, then shows the notice and withdraws it on request', async () => {
  const closingDate = addDays(shanghaiToday(), 35)
  fakeBff.on('POST /merchant/closing', (request) => {
    standing = { ...(request.body as { closingDate: string; reason: string }), announcedAt: '2026-12-07T02:00:00.000Z' }
    return { status: 201, body: standing }
  })
  fakeBff.on('DELETE /merchant/closing', () => {
    standing = null
    return { status: 204, body: null }
  })
  render(<ClosingNotice me={owner} />)
  fireEvent.change(await screen.findByLabelText('停业日期'), { target: { value: addDays(shanghaiToday(), 10) } })
  fireEvent.click(screen.getByText('发布停业公告'))
  expect(await screen.findByText(/停业须提前 30 天公告/)).toBeTruthy()
  fireEvent.change(screen.getByLabelText('停业日期'), { target: { value: closingDate } })
  fireEvent.click(screen.getByText('发布停业公告'))
  expect(await screen.findByText(/请写明停业原因/)).toBeTruthy()
  fireEvent.change(screen.getByLabelText('停业原因（顾客可见）'), { target: { value: '门店租约到期，停止营业' } })
  fireEvent.click(screen.getByText('发布停业公告'))
  const dialog = await screen.findByRole('dialog')
  expect(dialog).toHaveTextContent(`将于 ${closingDate} 停业`)
  expect(fakeBff.calls('POST /merchant/closing')).toHaveLength(0)
  fireEvent.click(within(dialog).getByText('发布公告'))
  await waitFor(() => expect(fakeBff.calls('POST /merchant/closing')).toHaveLength(1))
  expect(fakeBff.calls('POST /merchant/closing')[0]?.body).toEqual({ closingDate, reason: '门店租约到期，停止营业' })
  expect(await screen.findByText(new RegExp(`已公告于 ${closingDate} 停业（门店租约到期，停止营业）`))).toBeTruthy()

  fireEvent.click(screen.getByText('撤回公告'))
  fireEvent.click(within(await screen.findByRole('dialog')).getByText('撤回公告'))
  await waitFor(() => expect(fakeBff.calls('DELETE /merchant/closing')).toHaveLength(1))
  expect(await screen.findByText('发布停业公告')).toBeTruthy()
})

test('lets a manager read the notice but not announce one', async () => {
  render(<ClosingNotice me={{ ...owner, role: 'MANAGER' }} />)
  expect(await screen.findByText('只有商户负责人可以发布停业公告。')).toBeTruthy()
  expect(screen.queryByText('发布停业公告')).toBeNull()
})
