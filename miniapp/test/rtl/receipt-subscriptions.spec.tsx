/**
 * Receipts by WeChat (src/features/receipts): the member-code page's 消费后微信通知我 asks WeChat for a one-time
 * subscription (platform/subscribe-message, mocked as weapp) and tells the BFF which template was accepted; H5
 * has no such dialog and shows nothing (its receipts come by SMS).
 */
import './support/platform-mocks'
import type { ReceiptSubscriptionsView } from '@jucard/shared'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { ReceiptOptIn } from '@/features/receipts/ReceiptOptIn'
import { useReceiptSubscription } from '@/features/receipts/use-receipt-subscription'
import { fakeBff, subscribeMessage as mockSubscribe } from './support/fake-platform'

jest.mock('@/platform/subscribe-message', () => require('./support/fake-platform').subscribeMessage)

const VIEW: ReceiptSubscriptionsView = { templates: { TOPUP: 'tmpl-topup', BALANCE_CHANGE: 'tmpl-balance' }, remaining: {} }

function OptIn() {
  const receipts = useReceiptSubscription('BALANCE_CHANGE')
  return <ReceiptOptIn state={receipts.state} onAsk={() => void receipts.ask()} />
}

beforeEach(() => {
  fakeBff.reset()
  mockSubscribe.CAN_SUBSCRIBE = true
  mockSubscribe.requestSubscriptions.mockReset()
  mockSubscribe.requestSubscriptions.mockResolvedValue({ kind: 'unavailable', reason: 'H5 has no subscribe messages' })
  fakeBff.on('GET /me/receipt-subscriptions', () => ({ status: 200, body: VIEW }))
  fakeBff.on('POST /me/receipt-subscriptions', () => ({ status: 200, body: { ...VIEW, remaining: { 'tmpl-balance': 1 } } }))
})

test('asks WeChat for the sale template on a tap and records the accepted one', async () => {
  mockSubscribe.requestSubscriptions.mockResolvedValue({ kind: 'answered', accepted: ['tmpl-balance'] })
  render(<OptIn />)

  fireEvent.click(await screen.findByText('消费后微信通知我'))

  expect(await screen.findByText('已开启：下一笔消费后，微信会通知您金额和余额')).toBeInTheDocument()
  expect(mockSubscribe.requestSubscriptions).toHaveBeenCalledWith(['tmpl-balance'])
  await waitFor(() => expect(fakeBff.calls('POST /me/receipt-subscriptions').map((r) => r.body)).toEqual([{ acceptedTemplateIds: ['tmpl-balance'] }]))
})

test('says an SMS will come when the consumer declines, and records nothing', async () => {
  mockSubscribe.requestSubscriptions.mockResolvedValue({ kind: 'answered', accepted: [] })
  render(<OptIn />)

  fireEvent.click(await screen.findByText('消费后微信通知我'))

  expect(await screen.findByText('未开启微信通知，消费后将以短信通知您')).toBeInTheDocument()
  expect(fakeBff.calls('POST /me/receipt-subscriptions')).toEqual([])
})

test('offers nothing where there is no template or no subscribe dialog (H5)', async () => {
  fakeBff.on('GET /me/receipt-subscriptions', () => ({ status: 200, body: { ...VIEW, templates: { TOPUP: null, BALANCE_CHANGE: null } } }))
  const { container, unmount } = render(<OptIn />)
  await waitFor(() => expect(fakeBff.calls('GET /me/receipt-subscriptions')).toHaveLength(1))
  expect(container).toBeEmptyDOMElement()
  unmount()

  mockSubscribe.CAN_SUBSCRIBE = false
  const h5 = render(<OptIn />)
  expect(h5.container).toBeEmptyDOMElement()
  expect(fakeBff.calls('GET /me/receipt-subscriptions')).toHaveLength(1)
})
