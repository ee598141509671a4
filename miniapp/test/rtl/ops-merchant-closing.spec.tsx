/**
 * The operator console's 停业公告 for a merchant whose owner cannot: opened from the merchant list of the 冻结 page,
 * announced and withdrawn only after a confirmation, the BFF's refusals shown where they belong. Real API client,
 * session and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { AuditEntryView, MerchantClosingNotice, MerchantView } from '@jucard/shared'
import { addDays, shanghaiToday } from '@/features/console/business-day'
import { auditActionZh, auditActorZh, auditDetailZh } from '@/features/ops/freeze/audit-labels'
import { Freeze } from '@/features/ops/freeze/Freeze'
import { fakeBff } from './support/fake-platform'

const CLOSING = 'GET /operator/merchants/m-1/closing'
const ANNOUNCE = 'POST /operator/merchants/m-1/closing'
const WITHDRAW = 'DELETE /operator/merchants/m-1/closing'

const merchant: MerchantView = {
  id: 'm-1',
  displayName: '莲花健身',
  status: 'APPROVED',
  kyc: null,
  rejectReason: null,
  feeRateBps: 60,
  kycDocuments: null,
  createdAt: '2026-11-01T01:00:00.000Z'
}

const closingDate = addDays(shanghaiToday(), 35)
const reason = '商户负责人失联，门店已停止营业'
let standing: MerchantClosingNotice | null
let trail: AuditEntryView[]

beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
  standing = null
  trail = []
  fakeBff.on('GET /operator/merchants', (request) => ({ status: 200, body: request.query?.status === 'APPROVED' ? [merchant] : [] }))
  fakeBff.on('GET /operator/audit', (request) => ({ status: 200, body: { items: request.query?.targetId === 'm-1' ? trail : [], nextCursor: null } }))
  fakeBff.on(CLOSING, () => ({ status: 200, body: standing }))
})

/** The 冻结 page with 莲花健身 opened from the merchant list; its closing panel. */
async function openMerchant() {
  render(<Freeze />)
  const list = within(screen.getByRole('region', { name: '商户' }))
  const row = (await list.findByText('莲花健身')).closest('tr')!
  fireEvent.click(within(row).getByText('查看'))
  return within(await screen.findByRole('region', { name: '商户「莲花健身」的停业公告' }))
}

/** Fills the form and asks to announce: the confirmation it opens. */
async function askToAnnounce(panel: ReturnType<typeof within>, date = closingDate) {
  fireEvent.change(await panel.findByLabelText('停业日期'), { target: { value: date } })
  fireEvent.change(panel.getByLabelText('停业原因（顾客可见）'), { target: { value: reason } })
  fireEvent.click(panel.getByText('代为发布停业公告'))
  return within(await screen.findByRole('dialog', { name: '代商户「莲花健身」发布停业公告？' }))
}

const refusal = (status: number, code: string, messageZh: string, errorsZh?: Record<string, string[]>) => ({
  status,
  body: { statusCode: status, code, message: code, messageZh, ...(errorsZh ? { errors: errorsZh, errorsZh } : {}) }
})

describe('停业公告 by an operator', () => {
  test("shows the merchant's standing notice with its day, reason and when it was announced", async () => {
    standing = { closingDate, reason: '门店租约到期，停止营业', announcedAt: '2026-12-07T02:00:00.000Z' }
    const panel = await openMerchant()

    expect(await panel.findByText(new RegExp(`商户「莲花健身」已公告于 ${closingDate} 停业（门店租约到期，停止营业），公告时间 2026-12-07 10:00`))).toBeInTheDocument()
    expect(panel.getByText('撤回公告')).toBeInTheDocument()
    expect(panel.queryByText('代为发布停业公告')).not.toBeInTheDocument()
    expect(fakeBff.calls(CLOSING)[0]).toMatchObject({ token: 'ops-access' })
  })

  test("says there is none, proposes the earliest day, and announces after the confirmation with the operator's day and reason", async () => {
    fakeBff.on(ANNOUNCE, (request) => {
      standing = { ...(request.body as { closingDate: string; reason: string }), announcedAt: '2026-12-07T02:00:00.000Z' }
      trail = [
        {
          id: '9',
          actorType: 'operator',
          actorId: 'op-1',
          actorName: '张敏',
          actorMerchant: null,
          action: 'merchant.closing_announced',
          targetType: 'merchant',
          targetId: 'm-1',
          targetLabel: '莲花健身',
          storeName: null,
          detail: { closingDate: standing.closingDate, reason: standing.reason },
          createdAt: '2026-12-07T02:00:00.000Z'
        }
      ]
      return { status: 201, body: standing }
    })
    const panel = await openMerchant()
    const earliest = addDays(shanghaiToday(), 30)
    expect(await panel.findByText(/商户「莲花健身」没有停业公告/)).toBeInTheDocument()
    expect(panel.getByLabelText('停业日期')).toHaveValue(earliest)
    expect(panel.getByLabelText('停业日期')).toHaveAccessibleDescription(`须提前 30 天，最早可选 ${earliest}`)

    const dialog = await askToAnnounce(panel)
    expect(dialog.getByText(`商户「莲花健身」将于 ${closingDate} 停业，原因：${reason}`)).toBeInTheDocument()
    expect(dialog.getByText(/发布后立即停止充值和发新卡.*停业日起会员卡不能再消费，平台把每张卡的余额原路退给顾客，退回后不能撤销/)).toBeInTheDocument()
    expect(fakeBff.calls(ANNOUNCE)).toHaveLength(0)
    fireEvent.click(dialog.getByText('发布公告'))

    expect(await panel.findByText('停业公告已发布')).toBeInTheDocument()
    expect(fakeBff.calls(ANNOUNCE)).toHaveLength(1)
    expect(fakeBff.calls(ANNOUNCE)[0]).toMatchObject({ token: 'ops-access', body: { closingDate, reason } })
    expect(Object.keys(fakeBff.calls(ANNOUNCE)[0]?.body as object)).toEqual(['closingDate', 'reason'])
    expect(panel.getByText(new RegExp(`商户「莲花健身」已公告于 ${closingDate} 停业（${reason}）`))).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()

    // the merchant's trail is read again and names the operator who announced it
    const merchantTrail = within(screen.getByRole('region', { name: '商户「莲花健身」的操作记录' }))
    const row = (await merchantTrail.findByText('发布停业公告')).closest('tr')!
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent).slice(1)).toEqual(['发布停业公告', '张敏（平台运营）', '商户「莲花健身」', `停业日期：${closingDate} · 原因：${reason}`])
  })

  test('sends nothing when the operator declines the confirmation, and keeps what was typed', async () => {
    const panel = await openMerchant()
    const dialog = await askToAnnounce(panel)
    fireEvent.click(dialog.getByText('取消'))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(fakeBff.calls(ANNOUNCE)).toHaveLength(0)
    expect(panel.getByLabelText('停业日期')).toHaveValue(closingDate)
    expect(panel.getByLabelText('停业原因（顾客可见）')).toHaveValue(reason)
  })

  test('checks the day before asking: a day under 30 days ahead is refused at the field and sends nothing', async () => {
    const panel = await openMerchant()
    fireEvent.change(await panel.findByLabelText('停业日期'), { target: { value: addDays(shanghaiToday(), 10) } })
    fireEvent.change(panel.getByLabelText('停业原因（顾客可见）'), { target: { value: reason } })
    fireEvent.click(panel.getByText('代为发布停业公告'))

    expect(panel.getByLabelText('停业日期')).toHaveAccessibleDescription(`停业须提前 30 天公告：最早可选 ${addDays(shanghaiToday(), 30)}`)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(fakeBff.calls(ANNOUNCE)).toHaveLength(0)
  })

  test("shows the BFF's 422 on the day at the date field, not as a notice", async () => {
    fakeBff.on(ANNOUNCE, () => refusal(422, 'VALIDATION_FAILED', '提交的内容有误', { closingDate: ['停业须提前 30 天公告：最早可选 2027-01-08'] }))
    const panel = await openMerchant()
    fireEvent.click((await askToAnnounce(panel)).getByText('发布公告'))

    const date = panel.getByLabelText('停业日期')
    await waitFor(() => expect(date).toHaveAccessibleDescription('停业须提前 30 天公告：最早可选 2027-01-08'))
    expect(date).toHaveAttribute('aria-invalid', 'true')
    expect(panel.queryByText(/发布没有成功/)).not.toBeInTheDocument()
    expect(panel.getByText('代为发布停业公告')).toBeInTheDocument()

    // picking another day clears the refusal
    fireEvent.change(date, { target: { value: addDays(closingDate, 7) } })
    expect(date).not.toHaveAttribute('aria-invalid')
  })

  test('withdraws the notice only after its own confirmation, then offers the form again', async () => {
    standing = { closingDate, reason, announcedAt: '2026-12-07T02:00:00.000Z' }
    fakeBff.on(WITHDRAW, () => {
      standing = null
      return { status: 204, body: null }
    })
    const panel = await openMerchant()

    fireEvent.click(await panel.findByText('撤回公告'))
    const declined = within(await screen.findByRole('dialog', { name: '撤回商户「莲花健身」的停业公告？' }))
    expect(declined.getByText('撤回后恢复正常经营：顾客可以重新充值、领卡，卡片页不再显示停业公告。')).toBeInTheDocument()
    fireEvent.click(declined.getByText('取消'))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(fakeBff.calls(WITHDRAW)).toHaveLength(0)

    fireEvent.click(panel.getByText('撤回公告'))
    fireEvent.click(within(await screen.findByRole('dialog')).getByText('撤回公告'))
    expect(await panel.findByText('停业公告已撤回')).toBeInTheDocument()
    expect(fakeBff.calls(WITHDRAW)).toEqual([expect.objectContaining({ token: 'ops-access' })])
    expect(panel.getByText('代为发布停业公告')).toBeInTheDocument()
  })

  test('shows a 409 as a notice and then the notice the owner announced meanwhile', async () => {
    fakeBff.on(ANNOUNCE, () => {
      standing = { closingDate: addDays(shanghaiToday(), 40), reason: '门店租约到期，停止营业', announcedAt: '2026-12-07T01:00:00.000Z' }
      return refusal(409, 'MERCHANT_CLOSING_ANNOUNCED', '已经公告过停业；如需改期，请先撤回公告')
    })
    const panel = await openMerchant()
    fireEvent.click((await askToAnnounce(panel)).getByText('发布公告'))

    expect(await panel.findByRole('alert')).toHaveTextContent('发布没有成功：已经公告过停业；如需改期，请先撤回公告')
    expect(await panel.findByText(/已公告于 .* 停业（门店租约到期，停止营业）/)).toBeInTheDocument()
    expect(panel.queryByText('代为发布停业公告')).not.toBeInTheDocument()
  })

  test('shows a withdrawal refused once the day has come (409), and an unknown merchant (404), as notices', async () => {
    standing = { closingDate, reason, announcedAt: '2026-12-07T02:00:00.000Z' }
    fakeBff.on(WITHDRAW, () => refusal(409, 'MERCHANT_CLOSED', '商户已停业，这张卡不能再消费，卡内余额会原路退回'))
    const panel = await openMerchant()
    fireEvent.click(await panel.findByText('撤回公告'))
    fireEvent.click(within(await screen.findByRole('dialog')).getByText('撤回公告'))
    expect(await panel.findByRole('alert')).toHaveTextContent('撤回没有成功：商户已停业')

    fakeBff.on(WITHDRAW, () => refusal(404, 'NOT_FOUND', '请求的内容不存在'))
    fireEvent.click(panel.getByText('撤回公告'))
    fireEvent.click(within(await screen.findByRole('dialog')).getByText('撤回公告'))
    await waitFor(() => expect(panel.getByRole('alert')).toHaveTextContent('撤回没有成功：请求的内容不存在'))
  })

  test('says so when the notice cannot be read, and reads it again on 重试', async () => {
    fakeBff.on(CLOSING, () => refusal(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试'))
    const panel = await openMerchant()
    expect(await panel.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument()
    expect(panel.queryByText('代为发布停业公告')).not.toBeInTheDocument()

    fakeBff.on(CLOSING, () => ({ status: 200, body: null }))
    fireEvent.click(panel.getByText('重试'))
    expect(await panel.findByText('代为发布停业公告')).toBeInTheDocument()
  })

  test('says in the trail who announced and withdrew a notice for the merchant', () => {
    const byOperator = { actorType: 'operator' as const, actorId: 'op-1', actorName: '张敏' }
    expect(auditActionZh('merchant.closing_announced')).toBe('发布停业公告')
    expect(auditActionZh('merchant.closing_withdrawn')).toBe('撤回停业公告')
    expect(auditActorZh({ ...byOperator, action: 'merchant.closing_withdrawn' })).toBe('张敏（平台运营）')
    expect(auditDetailZh({ closingDate: '2027-01-08' }, { action: 'merchant.closing_withdrawn' })).toBe('停业日期：2027-01-08')
  })
})
