/**
 * 转赠 in the consumer app: the card page asks first, then shows the link and the pending gift's 取消; the friend's
 * claim page shows what the link gives and opens the new card. The real pages, features and API client; only
 * src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { CardGiftOffer, CardGiftPreview, CardGiftView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import GiftClaim from '@/pages/gift-claim/index'
import { aCard } from './support/fixtures'
import { dialog, fakeBff, navigation, pageParams } from './support/fake-platform'

const pending: CardGiftView = { id: 'gift-1', cardId: 'card-1', status: 'PENDING', expiresAt: '2026-12-05T08:00:00.000Z', createdAt: '2026-12-04T08:00:00.000Z', claimedAt: null }

beforeEach(() => {
  fakeBff.reset()
  jest.clearAllMocks()
  dialog.confirmAnswer = true
})

test('gives the card only after the confirmation, then shows the link and offers 取消转赠', async () => {
  let open: CardGiftView | null = null
  pageParams.id = 'card-1'
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard() }))
  fakeBff.on('GET /me/cards/card-1/gift', () => ({ status: 200, body: open }))
  fakeBff.on('POST /me/cards/card-1/gifts', () => {
    open = pending
    const offer: CardGiftOffer = { gift: pending, token: 'gift-1.nonce.sig', sharePath: '/pages/gift-claim/index?token=gift-1.nonce.sig' }
    return { status: 201, body: offer }
  })
  fakeBff.on('POST /me/gifts/gift-1/cancel', () => {
    open = null
    return { status: 200, body: { ...pending, status: 'CANCELLED' } }
  })
  render(<CardDetail />)

  dialog.confirmAnswer = false
  fireEvent.click(await screen.findByRole('button', { name: '转赠（整张卡送给好友）' }))
  await screen.findByRole('button', { name: '转赠（整张卡送给好友）' })
  expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '转赠这张卡', content: expect.stringContaining('不能再使用') }))
  expect(fakeBff.calls('POST /me/cards/card-1/gifts')).toHaveLength(0)

  dialog.confirmAnswer = true
  fireEvent.click(screen.getByRole('button', { name: '转赠（整张卡送给好友）' }))
  expect(await screen.findByText(/pages\/gift-claim\/index\?token=gift-1\.nonce\.sig/)).toBeInTheDocument()
  fireEvent.click(await screen.findByRole('button', { name: '取消转赠' }))
  expect(await screen.findByRole('button', { name: '转赠（整张卡送给好友）' })).toBeInTheDocument()
  expect(fakeBff.calls('POST /me/gifts/gift-1/cancel')).toHaveLength(1)
})

test('shows the friend what the link gives, claims it and opens the new card; a claimed link says so', async () => {
  const preview: CardGiftPreview = {
    status: 'PENDING',
    productName: '储值卡',
    merchantName: '一号咖啡',
    kind: 'ANONYMOUS',
    coverStyle: 'classic',
    balance: { principalFen: 30_000, bonusFen: 5_000, totalFen: 35_000, points: 12 },
    expiresAt: '2026-12-05T08:00:00.000Z',
    realNameRequired: false,
  }
  pageParams.token = 'gift-1.nonce.sig'
  fakeBff.on('GET /me/gift-claims/preview?token=gift-1.nonce.sig', () => ({ status: 200, body: preview }))
  fakeBff.on('POST /me/gift-claims', () => ({ status: 201, body: aCard({ id: 'card-2' }) }))
  const { unmount } = render(<GiftClaim />)
  expect(await screen.findByText(/本金 ¥300\.00、赠送金 ¥50\.00、积分 12/)).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: '领取' }))
  await waitFor(() => expect(navigation.replacePage).toHaveBeenCalledWith('/pages/card/index?id=card-2'))
  expect(fakeBff.calls('POST /me/gift-claims')).toHaveLength(1)
  unmount()

  fakeBff.on('GET /me/gift-claims/preview?token=gift-1.nonce.sig', () => ({ status: 200, body: { ...preview, status: 'CLAIMED' } }))
  render(<GiftClaim />)
  expect(await screen.findByText('这张会员卡已被领取')).toBeInTheDocument()
})
