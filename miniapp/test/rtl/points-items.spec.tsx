/**
 * 积分商城 in the back office (features/merchant-admin/marketing/PointsItems, pages-admin/points-mall): the items
 * list, 上架 from an active coupon with the form checked before anything is sent, and 下架 after a confirmation. The
 * real API client and session; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { PointsItems } from '@/features/merchant-admin/marketing/PointsItems'
import { checkPointsItemDraft, EMPTY_POINTS_ITEM } from '@/features/merchant-admin/marketing/points-item-draft'
import AdminPointsMall from '@/pages-admin/points-mall/index'
import { declineThenConfirm } from './support/confirm'
import { fakeBff } from './support/fake-platform'
import { aCouponTemplate, aPointsItem, tenPercentOff } from './support/fixtures'
import { expectShown } from './support/shown'

const LIST = 'GET /merchant/points-items'
const CREATE = 'POST /merchant/points-items'

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
})

test('lists the items with the coupon, its terms and validity, price, stock and status; says so when there is none', async () => {
  fakeBff.on(LIST, () => ({
    status: 200,
    body: [
      aPointsItem(),
      aPointsItem({ id: 'pi-2', pointsPrice: 300, stock: 20, exchangedCount: 20, remaining: 0, coupon: { name: '老客9折', ...tenPercentOff(2_000) } }),
      aPointsItem({ id: 'pi-3', status: 'STOPPED', coupon: { name: '国庆券' } })
    ]
  }))
  const { unmount } = render(<PointsItems />)

  expect(screen.getByText('正在加载积分商城…')).toBeInTheDocument()
  const first = (await screen.findByText('新客满100减10')).closest('tr')!
  expectShown(['满100减10', '领取后 30 天内有效', '10 积分', '5 / 50', '兑换中', '下架'], first)
  expectShown(['9折 最高减20', '300 积分', '20 / 20', '已兑完'], screen.getByText('老客9折').closest('tr')!)
  const stopped = screen.getByText('国庆券').closest('tr')!
  expectShown(['已下架', '—'], stopped)
  expect(within(stopped).queryByText('下架')).not.toBeInTheDocument()
  unmount()

  fakeBff.on(LIST, () => ({ status: 200, body: [] }))
  render(<PointsItems />)
  expect(await screen.findByText('积分商城还没有商品。选一张优惠券，定好兑换所需积分和库存，会员就能用积分兑换。')).toBeInTheDocument()
})

test('a list that does not load says why and loads again on 重试', async () => {
  fakeBff.on(LIST, () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后重试', requestId: 'q' } }))
  render(<PointsItems />)
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeInTheDocument()

  fakeBff.on(LIST, () => ({ status: 200, body: [aPointsItem()] }))
  fireEvent.click(screen.getByRole('button', { name: '重试' }))
  expect(await screen.findByText('新客满100减10')).toBeInTheDocument()
})

test('上架 offers only the active coupons, refuses a form that is not complete before sending anything, then adds the item', async () => {
  fakeBff.on(LIST, () => ({ status: 200, body: [] }))
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [aCouponTemplate(), aCouponTemplate({ id: 't-2', name: '已停的券', status: 'STOPPED' })] }))
  fakeBff.on(CREATE, () => ({ status: 201, body: aPointsItem({ id: 'pi-new', pointsPrice: 500, stock: 100, exchangedCount: 0, remaining: 100 }) }))
  render(<PointsItems />)
  fireEvent.click(await screen.findByRole('button', { name: '上架积分商品' }))
  const form = screen.getByRole('dialog')
  const coupon = await within(form).findByLabelText('兑换的优惠券')
  expect(within(coupon).getAllByRole('option').map((o) => o.textContent)).toEqual(['请选择优惠券', '新客满100减10（满100减10）'])

  fireEvent.click(within(form).getByRole('button', { name: '上架' }))
  expectShown(['请选择顾客用积分兑换的优惠券', '请填写兑换所需积分：1 到 100000000 的整数', '请填写库存：1 到 1000000 张', '请按提示修改后再上架'], form)

  fireEvent.change(coupon, { target: { value: 't-1' } })
  fireEvent.change(within(form).getByLabelText('兑换所需积分'), { target: { value: '0' } })
  fireEvent.change(within(form).getByLabelText('库存（张）'), { target: { value: '1.5' } })
  fireEvent.click(within(form).getByRole('button', { name: '上架' }))
  expectShown(['请填写兑换所需积分：1 到 100000000 的整数', '请填写库存：1 到 1000000 张'], form)
  expect(within(form).queryByText('请选择顾客用积分兑换的优惠券')).not.toBeInTheDocument()
  expect(within(form).getByText(/「新客满100减10」领取后 30 天内有效，还可发 97 张/)).toBeInTheDocument()
  expect(fakeBff.calls(CREATE)).toHaveLength(0)

  fireEvent.change(within(form).getByLabelText('兑换所需积分'), { target: { value: '500' } })
  fireEvent.change(within(form).getByLabelText('库存（张）'), { target: { value: '100' } })
  fireEvent.click(within(form).getByRole('button', { name: '上架' }))

  expect(await screen.findByText('已上架「新客满100减10」，500 积分兑换一张')).toBeInTheDocument()
  expect(fakeBff.calls(CREATE).map((c) => c.body)).toEqual([{ couponTemplateId: 't-1', pointsPrice: 500, stock: 100 }])
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  expectShown(['500 积分', '0 / 100', '兑换中'], screen.getByText('新客满100减10').closest('tr')!)
})

test('上架 shows a refusal in words and keeps the form', async () => {
  fakeBff.on(LIST, () => ({ status: 200, body: [] }))
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [aCouponTemplate()] }))
  fakeBff.on(CREATE, () => ({ status: 409, body: { code: 'COUPON_TEMPLATE_STOPPED', messageZh: '该优惠券已停止发放', requestId: 'q' } }))
  render(<PointsItems />)
  fireEvent.click(await screen.findByRole('button', { name: '上架积分商品' }))
  const form = screen.getByRole('dialog')
  fireEvent.change(await within(form).findByLabelText('兑换的优惠券'), { target: { value: 't-1' } })
  fireEvent.change(within(form).getByLabelText('兑换所需积分'), { target: { value: '500' } })
  fireEvent.change(within(form).getByLabelText('库存（张）'), { target: { value: '100' } })
  fireEvent.click(within(form).getByRole('button', { name: '上架' }))

  expect(await within(form).findByText('该优惠券已停止发放')).toBeInTheDocument()
  expect(within(form).getByLabelText('兑换所需积分')).toHaveValue('500')
})

test('without an active coupon there is nothing to put up, and the dialog says where to make one', async () => {
  fakeBff.on(LIST, () => ({ status: 200, body: [] }))
  fakeBff.on('GET /merchant/coupon-templates', () => ({ status: 200, body: [aCouponTemplate({ status: 'STOPPED' })] }))
  render(<PointsItems />)
  fireEvent.click(await screen.findByRole('button', { name: '上架积分商品' }))
  const form = screen.getByRole('dialog')

  expect(await within(form).findByText('还没有发放中的优惠券。请先在「优惠券」页新建一张，再上架到积分商城。')).toBeInTheDocument()
  expect(within(form).queryByRole('button', { name: '上架' })).not.toBeInTheDocument()
  fireEvent.click(within(form).getByRole('button', { name: '关闭' }))
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
})

test('下架 only after a confirmation', async () => {
  fakeBff.on(LIST, () => ({ status: 200, body: [aPointsItem()] }))
  fakeBff.on('POST /merchant/points-items/pi-1/stop', () => ({ status: 200, body: aPointsItem({ status: 'STOPPED' }) }))
  render(<PointsItems />)

  await declineThenConfirm(() => screen.findByRole('button', { name: '下架' }), 'POST /merchant/points-items/pi-1/stop', {
    title: '下架「新客满100减10」？',
    content: expect.stringContaining('已经兑换到的券仍可在有效期内使用')
  })
  expect(await screen.findByText('「新客满100减10」已下架')).toBeInTheDocument()
  expect(screen.getByText('已下架')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '下架' })).not.toBeInTheDocument()
  expect(fakeBff.calls('POST /merchant/points-items/pi-1/stop')).toHaveLength(1)
})

test.each([
  [' 500 ', '100', { ok: true, input: { couponTemplateId: 't-1', pointsPrice: 500, stock: 100 } }],
  ['-5', '1', { ok: false, errors: { pointsText: '请填写兑换所需积分：1 到 100000000 的整数' } }],
  ['100000001', '1', { ok: false, errors: { pointsText: '请填写兑换所需积分：1 到 100000000 的整数' } }],
  ['1', '1000001', { ok: false, errors: { stockText: '请填写库存：1 到 1000000 张' } }]
])('reads 兑换所需积分 "%s" and 库存 "%s" within the BFF’s bounds', (pointsText, stockText, expected) => {
  expect(checkPointsItemDraft({ ...EMPTY_POINTS_ITEM, couponTemplateId: 't-1', pointsText, stockText })).toEqual(expected)
})

test('the page sits in the back office under its own nav entry', async () => {
  fakeBff.on('GET /merchant/staff/me', () => ({ status: 200, body: { id: 's-1', username: 'u', displayName: '小林', role: 'MANAGER', storeIds: [] } }))
  fakeBff.on('GET /merchant', () => ({ status: 200, body: { id: 'm-1', displayName: '茶颜小馆', status: 'APPROVED', rejectReason: null } }))
  fakeBff.on(LIST, () => ({ status: 200, body: [aPointsItem()] }))
  render(<AdminPointsMall />)

  expect(await screen.findByText('新客满100减10')).toBeInTheDocument()
  expect(within(screen.getByRole('navigation', { name: '功能' })).getByRole('button', { name: '积分商城' })).toHaveAttribute('aria-current', 'page')
})
