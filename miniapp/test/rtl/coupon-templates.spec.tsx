/**
 * 优惠券 in the back office (features/merchant-admin/marketing): the templates list, creating one, 发券 to a member and
 * 停止发放 after a confirmation, with the real API client and session; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { checkDraft, EMPTY_DRAFT } from '@/features/merchant-admin/marketing/coupon-draft'
import { CouponTemplates } from '@/features/merchant-admin/marketing/CouponTemplates'
import { fakeBff } from './support/fake-platform'
import { expectShown } from './support/shown'
import { declineThenConfirm } from './support/confirm'
import { aCouponTemplate, tenPercentOff } from './support/fixtures'


const template = aCouponTemplate

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

test('lists the templates with terms, validity, what was issued and status; says so when there is none', async () => {
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [template(), template({ id: 't-2', name: '老客9折', ...tenPercentOff(2_000), status: 'STOPPED', issuedCount: 40 })] }))
  const { unmount } = render(<CouponTemplates />)

  expect(await screen.findByText('新客满100减10')).toBeInTheDocument()
  expectShown(['满100减10', '9折 最高减20', '3 / 100（每人限 1 张）', '发放中', '已停止'])
  unmount()

  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [] }))
  render(<CouponTemplates />)
  expect(await screen.findByText('还没有优惠券。新建一张满减券或折扣券，再发给会员或分享领券链接。')).toBeInTheDocument()
})

test('creates a 满减 template from yuan, refusing a form that does not add up', async () => {
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [] }))
  fakeBff.on('POST /merchant/coupon-templates', () => ({ status: 201, body: template({ issuedCount: 0 }) }))
  render(<CouponTemplates />)
  fireEvent.click(await screen.findByText('新建优惠券'))
  const form = screen.getByRole('dialog')
  fireEvent.click(within(form).getByText('创建'))
  expect(await within(form).findByText('请填写券的名称')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/coupon-templates')).toHaveLength(0)

  fireEvent.change(within(form).getByLabelText('名称'), { target: { value: '新客满100减10' } })
  fireEvent.change(within(form).getByLabelText('使用门槛（元，满多少可用）'), { target: { value: '100' } })
  fireEvent.change(within(form).getByLabelText('减免金额（元）'), { target: { value: '10' } })
  fireEvent.click(within(form).getByText('创建'))

  expect(await screen.findByText('已新建优惠券「新客满100减10」')).toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/coupon-templates')[0]!.body).toMatchObject({ name: '新客满100减10', kind: 'AMOUNT_OFF', amountOffFen: 1_000, percentOff: null, thresholdFen: 10_000, validDays: 30 })
})

test('a 折扣 of 8.5 is 15% off, with its cap', () => {
  expect(checkDraft({ ...EMPTY_DRAFT, name: '85折', kind: 'PERCENT_OFF', rateText: '8.5', capYuan: '20' })).toMatchObject({ ok: true, input: { percentOff: 15, capFen: 2_000, amountOffFen: null } })
  expect(checkDraft({ ...EMPTY_DRAFT, name: '10折', kind: 'PERCENT_OFF', rateText: '10' })).toMatchObject({ ok: false, problems: { rateText: expect.any(String) } })
})

test('发券 to a member by phone, with one request number per dialog, and shows a refusal in words', async () => {
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [template()] }))
  fakeBff.on('POST /merchant/coupon-templates/t-1/issues', () => ({ status: 404, body: { code: 'MEMBER_NOT_FOUND', messageZh: '没有找到这位会员', messageEn: 'x', requestId: 'q' } }))
  render(<CouponTemplates />)
  fireEvent.click(await screen.findByText('发券'))
  const form = screen.getByRole('dialog')
  fireEvent.change(within(form).getByLabelText('会员手机号或卡号'), { target: { value: '138 0000 0000' } })
  fireEvent.click(within(form).getByText('发券'))
  expect(await within(form).findByText('没有找到这位会员')).toBeInTheDocument()

  fakeBff.on('POST /merchant/coupon-templates/t-1/issues', () => ({ status: 201, body: {} }))
  fireEvent.click(within(form).getByText('发券'))
  expect(await screen.findByText('已向会员发放「新客满100减10」')).toBeInTheDocument()
  const [first, second] = fakeBff.calls('POST /merchant/coupon-templates/t-1/issues').map((c) => c.body as { phone: string; requestNo: string })
  expect(first!.phone).toBe('13800000000')
  expect(second!.requestNo).toBe(first!.requestNo)
})

test('停止发放 only after a confirmation', async () => {
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [template()] }))
  fakeBff.on('POST /merchant/coupon-templates/t-1/stop', () => ({ status: 200, body: template({ status: 'STOPPED' }) }))
  render(<CouponTemplates />)
  await declineThenConfirm(() => screen.findByText('停止发放'), 'POST /merchant/coupon-templates/t-1/stop', { title: '停止发放「新客满100减10」？' })
  expect(await screen.findByText('「新客满100减10」已停止发放')).toBeInTheDocument()
  expect(screen.getByText('已停止')).toBeInTheDocument()
})
