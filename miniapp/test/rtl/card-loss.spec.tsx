/**
 * 挂失 / 解挂 / 补卡 on the card page: each irreversible step asks first, 解挂 takes the texted code, an anonymous
 * card says why it cannot be reported lost, and 补卡 shows the new card. The real page, features and API client;
 * only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { CardReplacementView, CardView } from '@jucard/shared'
import CardDetail from '@/pages/card/index'
import { aCard } from './support/fixtures'
import { dialog, fakeBff, navigation, pageParams } from './support/fake-platform'


/** The card the fake BFF answers for card-1; a test's POST handlers change it as the server would. */
let current: CardView

beforeEach(() => {
  current = aCard()
  fakeBff.reset()
  fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: current }))
  jest.clearAllMocks()
  pageParams.id = 'card-1'
})

test('reports a named card lost only after the confirmation, then offers 解挂 and 补卡', async () => {
  fakeBff.on('POST /me/cards/card-1/loss', () => {
    current = { ...current, status: 'LOST' }
    return { status: 200, body: current }
  })
  render(<CardDetail />)
  dialog.confirmAnswer = false
  fireEvent.click(await screen.findByRole('button', { name: '挂失（卡片丢失时立即停用）' }))
  await screen.findByRole('button', { name: '会员码' })
  expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '确认挂失？', content: expect.stringContaining('尾号 1234') }))
  expect(fakeBff.calls('POST /me/cards/card-1/loss')).toHaveLength(0)

  dialog.confirmAnswer = true
  fireEvent.click(screen.getByRole('button', { name: '挂失（卡片丢失时立即停用）' }))
  const panel = await screen.findByRole('region', { name: '挂失处理' })
  expect(fakeBff.calls('POST /me/cards/card-1/loss')).toHaveLength(1)
  expect(within(panel).getByRole('button', { name: '解除挂失（短信验证）' })).toBeInTheDocument()
  expect(within(panel).getByRole('button', { name: '补卡（换新卡号）' })).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '会员码' })).not.toBeInTheDocument()
  expect(dialog.toast).toHaveBeenCalledWith('已挂失，卡片已停用')
})

test('says an anonymous card cannot be reported lost, with no 挂失 button', async () => {
  current = aCard({ kind: 'ANONYMOUS' })
  render(<CardDetail />)
  expect(await screen.findByText(/不记名卡不能挂失/)).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '挂失（卡片丢失时立即停用）' })).not.toBeInTheDocument()
})

test('lifts the loss with the texted code, and shows a wrong code’s message', async () => {
  current = aCard({ status: 'LOST' })
  fakeBff.on('POST /me/cards/card-1/unlock-code', () => ({ status: 200, body: { phoneMasked: '139****5678', resendAfterSeconds: 60 } }))
  fakeBff.on('POST /me/cards/card-1/unlock', (request) => {
    if ((request.body as { code: string }).code !== '246810') return { status: 422, body: { statusCode: 422, code: 'LOSS_CODE_INVALID', message: 'wrong', messageZh: '验证码错误或已过期，请重新获取' } }
    current = { ...current, status: 'ACTIVE' }
    return { status: 200, body: current }
  })
  render(<CardDetail />)
  fireEvent.click(await screen.findByRole('button', { name: '解除挂失（短信验证）' }))
  expect(await screen.findByText('验证码已发送至 139****5678，5 分钟内有效')).toBeInTheDocument()

  fireEvent.input(screen.getByPlaceholderText('6 位验证码'), { target: { value: '111111' } })
  fireEvent.click(screen.getByRole('button', { name: '确认解挂' }))
  expect(await screen.findByText('验证码错误或已过期，请重新获取')).toBeInTheDocument()
  expect(current.status).toBe('LOST')

  fireEvent.click(screen.getByRole('button', { name: '解除挂失（短信验证）' }))
  fireEvent.input(await screen.findByPlaceholderText('6 位验证码'), { target: { value: '246810' } })
  fireEvent.click(screen.getByRole('button', { name: '确认解挂' }))
  expect(await screen.findByRole('button', { name: '会员码' })).toBeInTheDocument()
  expect(fakeBff.calls('POST /me/cards/card-1/unlock').map((call) => call.body)).toEqual([{ code: '111111' }, { code: '246810' }])
})

test('replaces a lost card after a confirmation that names what moves, and shows the new card', async () => {
  current = aCard({ status: 'LOST' })
  const replacement: CardReplacementView = {
    replacedCardId: 'card-1',
    card: aCard({ id: 'card-2', cardNo: '8800000000005678', replacesCardId: 'card-1' }),
    moved: { principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 12 },
  }
  fakeBff.on('POST /me/cards/card-1/replacement', () => {
    current = { ...current, status: 'CLOSED', balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } }
    return { status: 200, body: replacement }
  })
  render(<CardDetail />)
  dialog.confirmAnswer = false
  fireEvent.click(await screen.findByRole('button', { name: '补卡（换新卡号）' }))
  await screen.findByRole('region', { name: '挂失处理' })
  expect(fakeBff.calls('POST /me/cards/card-1/replacement')).toHaveLength(0)
  expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '确认补卡？', content: expect.stringMatching(/余额 ¥550\.00 和积分 12 全部转入新卡.*永久注销，此操作不能撤销/) }))

  dialog.confirmAnswer = true
  fireEvent.click(screen.getByRole('button', { name: '补卡（换新卡号）' }))
  const done = await screen.findByRole('region', { name: '补卡完成' })
  expect(within(done).getByText('新卡号 8800000000005678')).toBeInTheDocument()
  expect(within(done).getByText('已转入余额 ¥550.00（本金 ¥500.00，赠送金 ¥50.00），积分 12')).toBeInTheDocument()
  expect(await screen.findByText('这张卡已注销（退卡或补卡），不能再使用')).toBeInTheDocument()
  fireEvent.click(within(done).getByRole('button', { name: '查看新卡' }))
  expect(navigation.openPage).toHaveBeenCalledWith('/pages/card/index?id=card-2')
})
