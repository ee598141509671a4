/**
 * 会员等级: the back office's ladder (features/merchant-admin/marketing/MemberLevels, pages-admin/member-levels) —
 * rows (name, threshold, points multiplier, 会员折扣) edited and saved as a whole after a confirmation, checked as the BFF checks before anything is sent, a 422's
 * messages at their fields — and the membership line on the consumer's card page. The real pages, features and API
 * clients; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { MemberLadderView } from '@jucard/shared'
import { MemberLevels } from '@/features/merchant-admin/marketing/MemberLevels'
import { checkLadderDraft, type LevelDraft } from '@/features/merchant-admin/marketing/member-ladder-draft'
import AdminMemberLevels from '@/pages-admin/member-levels/index'
import CardDetail from '@/pages/card/index'
import { declineThenConfirm } from './support/confirm'
import { dialog, fakeBff, page, pageParams } from './support/fake-platform'
import { aCard, aLadder, aMembership, DIAMOND, GOLD, SILVER } from './support/fixtures'

const LADDER = 'GET /merchant/member-levels'
const SAVE = 'PUT /merchant/member-levels'
const MEMBERSHIP = 'GET /me/cards/card-1/membership'

const level = (n: number) => screen.getByRole('group', { name: `第 ${n} 级` })
const field = (n: number, label: string) => within(level(n)).getByLabelText(label)
const type = (n: number, label: string, value: string) => fireEvent.change(field(n, label), { target: { value } })
const saveButton = () => screen.getByRole('button', { name: '保存' })
/** What the PUT answers: the ladder as sent, with ids and ranks. */
const saved = (body: unknown): MemberLadderView => ({ levels: (body as { levels: LadderInput[] }).levels.map((l, i) => ({ ...l, id: `lv-new-${i}`, rank: i + 1 })) })
type LadderInput = { name: string; thresholdFen: number; pointsMultiplierPct: number; discountRate: number }

describe('会员等级 in the back office', () => {
  beforeEach(() => {
    fakeBff.reset({ signedIn: ['staff'] })
  })

  test('shows the ladder lowest first, each level’s name, threshold in yuan, multiplier and discount', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    render(<MemberLevels />)

    expect(screen.getByText('正在加载会员等级…')).toBeInTheDocument()
    expect(await screen.findByRole('group', { name: '第 3 级' })).toBeInTheDocument()
    expect(screen.getByText('会员按在本店累计充值金额（扣除退卡退回的金额）自动升级；等级越高，消费时享受的折扣越多、得的积分越多。')).toBeInTheDocument()
    expect([1, 2, 3].map((n) => (field(n, '等级名称') as HTMLInputElement).value)).toEqual(['银卡', '金卡', '钻石卡'])
    expect([1, 2, 3].map((n) => (field(n, '累计充值达到（元）') as HTMLInputElement).value)).toEqual(['1000.00', '5000.00', '20000.00'])
    const multiplier = field(2, '消费积分倍数') as HTMLSelectElement
    expect(multiplier.selectedOptions[0]?.textContent).toBe('×1.5')
    expect(within(multiplier).getAllByRole('option').map((o) => o.textContent)).toEqual(['×1', '×1.2', '×1.5', '×2', '×2.5', '×3', '×4', '×5'])
    expect([1, 2, 3].map((n) => (field(n, '会员折扣') as HTMLSelectElement).selectedOptions[0]?.textContent)).toEqual(['不打折', '9.5折', '9折'])
    expect(within(field(1, '会员折扣')).getAllByRole('option').map((o) => o.textContent)).toEqual(['不打折', '9.8折', '9.5折', '9.2折', '9折', '8.8折', '8.5折', '8折', '7.5折', '7折'])
    expect(screen.queryByText('修改后点「保存」才生效')).not.toBeInTheDocument()
  })

  test('adds a level and saves the whole ladder in fen and percent, its discounts as discountRate, only after the confirmation', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    fakeBff.on(SAVE, (request) => ({ status: 200, body: saved(request.body) }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 3 级' })

    fireEvent.click(screen.getByRole('button', { name: '添加等级' }))
    // the new level starts at the multiplier of the one below it
    // the new level starts at the multiplier and the discount of the one below it
    expect((field(4, '消费积分倍数') as HTMLSelectElement).value).toBe('200')
    expect((field(4, '会员折扣') as HTMLSelectElement).value).toBe('90')
    type(4, '等级名称', ' 黑金卡 ')
    type(4, '累计充值达到（元）', '50000.5')
    fireEvent.change(field(4, '消费积分倍数'), { target: { value: '250' } })
    fireEvent.change(field(4, '会员折扣'), { target: { value: '88' } })
    expect(screen.getByText('修改后点「保存」才生效')).toBeInTheDocument()

    await declineThenConfirm(async () => saveButton(), SAVE, {
      title: '保存会员等级？',
      content: expect.stringContaining('保存后立即对本店所有会员生效')
    })

    expect(await screen.findByText('会员等级已保存，共 4 级，已对所有会员生效')).toBeInTheDocument()
    expect(fakeBff.calls(SAVE).map((call) => call.body)).toEqual([
      {
        levels: [
          { name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 },
          { name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150, discountRate: 95 },
          { name: '钻石卡', thresholdFen: 2_000_000, pointsMultiplierPct: 200, discountRate: 90 },
          { name: '黑金卡', thresholdFen: 5_000_050, pointsMultiplierPct: 250, discountRate: 88 }
        ]
      }
    ])
    expect((field(4, '等级名称') as HTMLInputElement).value).toBe('黑金卡')
    expect((field(4, '累计充值达到（元）') as HTMLInputElement).value).toBe('50000.50')
    expect((field(4, '会员折扣') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('8.8折')
    expect(screen.queryByText('修改后点「保存」才生效')).not.toBeInTheDocument()
  })

  test('declining the confirmation sends nothing and keeps the edits', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 3 级' })
    type(2, '等级名称', '黄金卡')
    dialog.confirmAnswer = false

    fireEvent.click(saveButton())

    await waitFor(() => expect(dialog.confirmDialog).toHaveBeenCalledTimes(1))
    expect(fakeBff.calls(SAVE)).toHaveLength(0)
    expect((field(2, '等级名称') as HTMLInputElement).value).toBe('黄金卡')
    expect(saveButton()).toBeEnabled()
    expect(screen.queryByText(/会员等级已保存/)).not.toBeInTheDocument()
  })

  test('refuses a threshold below the level under it and a repeated name at their fields, before asking or sending', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 3 级' })

    type(3, '累计充值达到（元）', '4000')
    type(3, '等级名称', '银卡')
    fireEvent.click(saveButton())

    expect(field(3, '累计充值达到（元）')).toHaveAccessibleDescription('要高于上一级「金卡」的 ¥5,000.00')
    expect(field(3, '等级名称')).toHaveAccessibleDescription('与第 1 级重名，请换一个名称')
    expect(field(3, '累计充值达到（元）')).toHaveAttribute('aria-invalid', 'true')
    expect(field(2, '累计充值达到（元）')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByText('还有内容需要修改，请看标红的地方')).toBeInTheDocument()
    expect(dialog.confirmDialog).not.toHaveBeenCalled()
    expect(fakeBff.calls(SAVE)).toHaveLength(0)
  })

  test('refuses a higher level that pays more than the level under it, at its discount, before asking or sending', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 3 级' })

    fireEvent.change(field(3, '会员折扣'), { target: { value: '98' } })
    fireEvent.click(saveButton())

    expect(field(3, '会员折扣')).toHaveAccessibleDescription('优惠不能少于上一级「金卡」的 9.5折')
    expect(field(3, '会员折扣')).toHaveAttribute('aria-invalid', 'true')
    expect(field(2, '会员折扣')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByText('还有内容需要修改，请看标红的地方')).toBeInTheDocument()
    expect(dialog.confirmDialog).not.toHaveBeenCalled()
    expect(fakeBff.calls(SAVE)).toHaveLength(0)
  })

  test('keeps a discount saved outside the list choosable, and sends it unchanged', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder([{ ...SILVER, discountRate: 93 }]) }))
    fakeBff.on(SAVE, (request) => ({ status: 200, body: saved(request.body) }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 1 级' })

    const discount = field(1, '会员折扣') as HTMLSelectElement
    expect(discount.selectedOptions[0]?.textContent).toBe('9.3折')
    expect(within(discount).getAllByRole('option').map((o) => o.textContent)).toEqual(['不打折', '9.8折', '9.5折', '9.3折', '9.2折', '9折', '8.8折', '8.5折', '8折', '7.5折', '7折'])
    type(1, '等级名称', '普卡')
    fireEvent.click(saveButton())

    await screen.findByText('会员等级已保存，共 1 级，已对所有会员生效')
    expect(fakeBff.calls(SAVE).map((call) => call.body)).toEqual([{ levels: [{ name: '普卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 93 }] }])
  })

  /** A 422 of the BFF naming one field of one level, as it sends it. */
  const refusal = (key: string, en: string, zh: string) => ({
    status: 422,
    body: { statusCode: 422, code: 'VALIDATION_FAILED', message: key, messageZh: '请求内容有误，请检查后重试', errors: { [key]: [en] }, errorsZh: { [key]: [zh] }, requestId: 'q' }
  })

  test.each([
    ['a discount', 'levels.2.discountRate', 'a higher level may not pay more than a lower one', '高一级的会员折扣不能比低一级少', 3, '会员折扣'],
    ['a threshold', 'levels.1.thresholdFen', 'must not be greater than 1000000000', '不能大于 ¥10,000,000.00', 2, '累计充值达到（元）']
  ])('the BFF’s refusal of %s shows at that level’s field, and nowhere else', async (_, key, en, zh, level, label) => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    fakeBff.on(SAVE, () => refusal(key, en, zh))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 3 级' })
    type(1, '等级名称', '普卡')

    fireEvent.click(saveButton())

    await waitFor(() => expect(field(level, label)).toHaveAccessibleDescription(zh))
    expect(field(level - 1, label)).not.toHaveAttribute('aria-invalid')
    expect(screen.getByText('还有内容需要修改，请看标红的地方')).toBeInTheDocument()
    expect((field(1, '等级名称') as HTMLInputElement).value).toBe('普卡')
    expect(saveButton()).toBeEnabled()
  })

  test('without levels it says how to start, and the first level saved is the whole ladder', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder([]) }))
    fakeBff.on(SAVE, (request) => ({ status: 200, body: saved(request.body) }))
    render(<MemberLevels />)

    expect(await screen.findByText('还没有设置会员等级，添加第一个等级吧')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '保存' })).not.toBeInTheDocument()

    fireEvent.click(screen.getByRole('button', { name: '添加等级' }))
    expect(screen.queryByText('还没有设置会员等级，添加第一个等级吧')).not.toBeInTheDocument()
    type(1, '等级名称', '银卡')
    type(1, '累计充值达到（元）', '1000')
    fireEvent.click(saveButton())

    expect(await screen.findByText('会员等级已保存，共 1 级，已对所有会员生效')).toBeInTheDocument()
    // a first level starts at full price
    expect(fakeBff.calls(SAVE).map((call) => call.body)).toEqual([{ levels: [{ name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 }] }])
  })

  test('removing every level and saving clears the ladder, after its own question', async () => {
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder([SILVER]) }))
    fakeBff.on(SAVE, () => ({ status: 200, body: aLadder([]) }))
    render(<MemberLevels />)
    fireEvent.click(within(await screen.findByRole('group', { name: '第 1 级' })).getByRole('button', { name: '删除' }))
    expect(screen.getByText('还没有设置会员等级，添加第一个等级吧')).toBeInTheDocument()

    fireEvent.click(saveButton())

    expect(await screen.findByText('会员等级已清空')).toBeInTheDocument()
    expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '清空会员等级？' }))
    expect(fakeBff.calls(SAVE).map((call) => call.body)).toEqual([{ levels: [] }])
  })

  test('offers 添加等级 up to 8 levels', async () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `lv-${i}`, rank: i + 1, name: `V${i + 1}`, thresholdFen: (i + 1) * 100_000, pointsMultiplierPct: 100, discountRate: 100 }))
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder(seven) }))
    render(<MemberLevels />)
    await screen.findByRole('group', { name: '第 7 级' })

    fireEvent.click(screen.getByRole('button', { name: '添加等级' }))

    expect(level(8)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '添加等级' })).not.toBeInTheDocument()
    expect(screen.getByText('最多 8 个等级')).toBeInTheDocument()
  })

  test('a ladder that does not load says why and loads again on 重试', async () => {
    fakeBff.on(LADDER, () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后重试', requestId: 'q' } }))
    render(<MemberLevels />)
    expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '添加等级' })).not.toBeInTheDocument()

    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    expect(await screen.findByRole('group', { name: '第 3 级' })).toBeInTheDocument()
  })

  test('the page sits in the back office under its own nav entry', async () => {
    fakeBff.on('GET /merchant/staff/me', () => ({ status: 200, body: { id: 's-1', username: 'u', displayName: '小林', role: 'MANAGER', storeIds: [] } }))
    fakeBff.on('GET /merchant', () => ({ status: 200, body: { id: 'm-1', displayName: '茶颜小馆', status: 'APPROVED', rejectReason: null } }))
    fakeBff.on(LADDER, () => ({ status: 200, body: aLadder() }))
    render(<AdminMemberLevels />)

    expect(await screen.findByRole('group', { name: '第 1 级' })).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: '功能' })).getByRole('button', { name: '会员等级' })).toHaveAttribute('aria-current', 'page')
  })
})

const row = (name: string, thresholdYuan: string, pointsMultiplierPct: number, discountRate = 100): LevelDraft => ({ key: name, name, thresholdYuan, pointsMultiplierPct, discountRate })

test.each([
  [
    'a rising ladder',
    [row('银卡', '1000', 100), row('金卡', '5000', 150, 95)],
    { ok: true, input: { levels: [{ name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100, discountRate: 100 }, { name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150, discountRate: 95 }] } }
  ],
  ['the same discount one level up', [row('银卡', '1000', 100, 95), row('金卡', '5000', 150, 95)], { ok: true }],
  ['a smaller discount one level up', [row('银卡', '1000', 100, 90), row('金卡', '5000', 150, 95)], { ok: false, errors: { 'levels.1.discountRate': '优惠不能少于上一级「银卡」的 9折' } }],
  ['a discount below 5折', [row('银卡', '1000', 100, 45)], { ok: false, errors: { 'levels.0.discountRate': '请从列表中选择折扣（最低 5折）' } }],
  ['a discount above full price', [row('银卡', '1000', 100, 101)], { ok: false, errors: { 'levels.0.discountRate': '请从列表中选择折扣（最低 5折）' } }],
  ['the same multiplier one level up', [row('银卡', '1000', 150), row('金卡', '5000', 150)], { ok: true }],
  ['an equal threshold', [row('银卡', '1000', 100), row('金卡', '1000.00', 150)], { ok: false, errors: { 'levels.1.thresholdFen': '要高于上一级「银卡」的 ¥1,000.00' } }],
  ['a lower multiplier one level up', [row('银卡', '1000', 150), row('金卡', '5000', 120)], { ok: false, errors: { 'levels.1.pointsMultiplierPct': '不能低于上一级「银卡」的 ×1.5' } }],
  ['a threshold of 0', [row('银卡', '0', 100)], { ok: false, errors: { 'levels.0.thresholdFen': '金额必须大于 0' } }],
  ['a threshold with three decimals', [row('银卡', '10.005', 100)], { ok: false, errors: { 'levels.0.thresholdFen': '金额格式不对，例如 1000 或 999.50' } }],
  ['a threshold above ¥10,000,000', [row('银卡', '10000000.01', 100)], { ok: false, errors: { 'levels.0.thresholdFen': '最高 ¥10,000,000.00' } }],
  ['a blank name', [row('  ', '1000', 100)], { ok: false, errors: { 'levels.0.name': '请填写等级名称，例如：银卡' } }],
  ['a name of 17 characters', [row('一二三四五六七八九十一二三四五六七', '1000', 100)], { ok: false, errors: { 'levels.0.name': '等级名称最多 16 个字' } }],
  ['a multiplier above ×5', [row('银卡', '1000', 600)], { ok: false, errors: { 'levels.0.pointsMultiplierPct': '请选择 ×1 到 ×5 的倍数' } }],
  ['nine levels', Array.from({ length: 9 }, (_, i) => row(`V${i}`, String(i + 1), 100)), { ok: false, errors: { levels: '最多设置 8 个会员等级' } }]
])('checks %s as the BFF will', (_case, rows, expected) => {
  expect(checkLadderDraft(rows)).toMatchObject(expected)
})

describe('the membership line on the card page', () => {
  beforeEach(() => {
    fakeBff.reset()
    pageParams.id = 'card-1'
    fakeBff.on('GET /me/cards/card-1', () => ({ status: 200, body: aCard() }))
  })

  /** The card page once its membership answer is in (a macrotask after the answer: every promise after it settled). */
  async function renderCardPage(): Promise<void> {
    render(<CardDetail />)
    expect(await screen.findByText('8800000000001234', { exact: false })).toBeInTheDocument()
    await waitFor(() => expect(fakeBff.calls(MEMBERSHIP)).toHaveLength(1))
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
  }

  test('says the level with its discount and points multiplier, and what the next level takes', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: aMembership() }))
    await renderCardPage()

    expect(screen.getByText('金卡 · 9.5折 · 消费积分 ×1.5')).toBeInTheDocument()
    expect(screen.getByText('再充值 ¥380.00 升级为钻石卡')).toBeInTheDocument()
  })

  test('at the top level it says only the level', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: aMembership({ toppedUpFen: 2_500_000, level: DIAMOND, next: null }) }))
    await renderCardPage()
    expect(screen.getByText('钻石卡 · 9折 · 消费积分 ×2')).toBeInTheDocument()
    expect(screen.queryByText(/升级为/)).not.toBeInTheDocument()
  })

  test('a level at full price says no discount, only its points', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: aMembership({ toppedUpFen: 450_000, level: SILVER, next: { level: GOLD, missingFen: 50_000 } }) }))
    await renderCardPage()
    expect(screen.getByText('银卡 · 消费积分 ×1')).toBeInTheDocument()
    expect(screen.queryByText(/折/)).not.toBeInTheDocument()
  })

  test('before the first level it says what the first one takes', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: aMembership({ toppedUpFen: 0, level: null, next: { level: SILVER, missingFen: 100_000 } }) }))
    await renderCardPage()
    expect(screen.getByText('充值满 ¥1,000.00 成为银卡')).toBeInTheDocument()
    expect(screen.queryByText(/消费积分 ×/)).not.toBeInTheDocument()
  })

  test('says nothing when the merchant has no levels', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: aMembership({ level: null, next: null }) }))
    await renderCardPage()
    expect(screen.queryByText(/消费积分 ×|升级为|成为/)).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: /积分商城/ })).toBeInTheDocument()
  })

  test('a membership that does not load leaves the card page as it is', async () => {
    fakeBff.on(MEMBERSHIP, () => ({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', messageZh: '服务暂时不可用，请稍后重试', requestId: 'q' } }))
    await renderCardPage()
    expect(screen.queryByText('服务暂时不可用，请稍后重试')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: '重试' })).not.toBeInTheDocument()
    expect(screen.getByText('¥550.00')).toBeInTheDocument()
  })

  test('is loaded again with the card when the page comes back (after a top-up)', async () => {
    let membership = aMembership({ toppedUpFen: 450_000, level: SILVER, next: { level: GOLD, missingFen: 50_000 } })
    fakeBff.on(MEMBERSHIP, () => ({ status: 200, body: membership }))
    await renderCardPage()
    expect(screen.getByText('再充值 ¥500.00 升级为金卡')).toBeInTheDocument()

    membership = aMembership({ toppedUpFen: 550_000, level: GOLD, next: { level: DIAMOND, missingFen: 1_450_000 } })
    const onReturn = page.useReturnToForeground.mock.calls.at(-1)?.[0] as () => void
    act(() => onReturn())

    expect(await screen.findByText('金卡 · 9.5折 · 消费积分 ×1.5')).toBeInTheDocument()
    expect(screen.getByText('再充值 ¥14,500.00 升级为钻石卡')).toBeInTheDocument()
  })
})
