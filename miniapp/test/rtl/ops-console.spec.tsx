/**
 * The operator console's freeze page: the audit trail in words (actions, fields, names) and the card look-up by
 * card number or the holder's phone. Real API client, session and features; only src/platform/* is faked.
 */
import './support/platform-mocks'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { AuditEntryView, AuditPage, OperatorCardView } from '@jucard/shared'
import { auditActionZh, auditDetailZh, auditTargetZh } from '@/features/ops/freeze/audit-labels'
import { AuditTrail } from '@/features/ops/freeze/AuditTrail'
import { parseCardQuery } from '@/features/ops/freeze/CardLookup'
import { Freeze } from '@/features/ops/freeze/Freeze'
import { fakeBff } from './support/fake-platform'


beforeEach(() => {
  fakeBff.reset({ signedIn: ['operator'] })
})

const entry = (overrides: Partial<AuditEntryView>): AuditEntryView => ({
  id: '1',
  actorType: 'staff',
  actorId: 'staff-uuid-0001',
  action: 'card.redeemed',
  targetType: 'card',
  targetId: 'card-uuid-0001',
  detail: null,
  createdAt: '2026-11-25T02:30:00.000Z',
  actorName: null,
  actorMerchant: null,
  targetLabel: null,
  storeName: null,
  ...overrides
})

const ENTRIES: AuditEntryView[] = [
  entry({
    id: '6',
    actorName: '收银员小王',
    actorMerchant: '莲花健身',
    detail: { redemptionId: 'r-uuid', amountFen: 1200, storeId: 'store-uuid', operator: 'staff-uuid-0001' },
    targetLabel: '8800000000001234',
    storeName: '静安店'
  }),
  entry({
    id: '5',
    actorType: 'operator',
    actorId: 'op-uuid',
    actorName: '张敏',
    action: 'merchant.approved',
    targetType: 'merchant',
    targetId: 'm-uuid',
    targetLabel: '莲花健身',
    detail: { reason: null, feeRateBps: 60 }
  }),
  entry({ id: '4', actorName: '林小莲', actorMerchant: '林小莲', action: 'merchant.kyc_submitted', targetType: 'merchant', targetId: 'm-uuid', targetLabel: '莲花健身' }),
  entry({
    id: '3',
    actorName: '林小莲',
    actorMerchant: '莲花健身',
    action: 'staff.updated',
    targetType: 'staff',
    targetId: 's-uuid',
    targetLabel: '收银员小王',
    detail: { before: { displayName: '收银员小王', role: 'CASHIER', storeIds: ['a'], active: true }, after: { displayName: '收银员小王', role: 'MANAGER', storeIds: ['a'], active: false } }
  }),
  entry({
    id: '2',
    actorType: 'system',
    actorId: null,
    action: 'card.topped_up',
    targetLabel: '8800000000001234',
    detail: { orderId: 'o-uuid', channel: 'WECHATPAY', outTradeNo: 'T202611250001', amountFen: 50_000, bonusFen: 5_000 }
  }),
  entry({ id: '1', actorType: 'consumer', actorId: 'c-uuid', actorName: '138****0000', action: 'card.claimed', targetLabel: '8800000000001234' })
]

describe('操作记录', () => {
  test('says every action, field and person in Chinese: names instead of ids, ¥ amounts, rates in percent', async () => {
    fakeBff.on('GET /operator/audit', () => ({ status: 200, body: { items: ENTRIES, nextCursor: null } satisfies AuditPage }))
    render(<AuditTrail title='全部操作记录' query={{}} version={0} />)

    const rows = (await screen.findAllByRole('row')).slice(1)
    expect(rows).toHaveLength(6)
    const cells = rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))
    // 时间 is the first column: Beijing time
    expect(cells[0]).toEqual(['2026-11-25 10:30', '消费', '收银员小王（莲花健身）', '会员卡 8800000000001234', '消费金额：¥12.00 · 门店：静安店'])
    expect(cells[1]?.slice(1)).toEqual(['审核通过', '张敏（平台运营）', '商户「莲花健身」', '手续费费率：0.60%'])
    expect(cells[2]?.slice(1)).toEqual(['提交资质审核', '林小莲（商户员工）', '商户「莲花健身」', ''])
    expect(cells[3]?.slice(1)).toEqual(['修改员工', '林小莲（莲花健身）', '员工「收银员小王」', '角色：收银员 → 店长 · 账号：启用 → 停用'])
    expect(cells[4]?.slice(1)).toEqual(['充值', '系统', '会员卡 8800000000001234', '充值金额：¥500.00 · 赠送金：¥50.00 · 支付渠道：微信支付 · 支付单号：T202611250001'])
    expect(cells[5]?.slice(1)).toEqual(['领取会员卡', '顾客 138****0000', '会员卡 8800000000001234', ''])

    const table = rows[0]?.closest('table')?.textContent ?? ''
    for (const raw of ['merchant.', 'card.', 'amountFen', 'feeRateBps', 'uuid', '商户员工）消费']) expect(table).not.toContain(raw)
  })

  test('falls back to the kind and a short id when the BFF has no name for an actor or a target', async () => {
    fakeBff.on('GET /operator/audit', () => ({
      status: 200,
      body: { items: [entry({ id: '9', actorName: null, action: 'recon.difference_resolved', actorType: 'operator', targetType: 'recon_difference', targetId: '12', detail: { note: '渠道补单' } })], nextCursor: null }
    }))
    render(<AuditTrail title='全部操作记录' query={{}} version={0} />)
    const row = (await screen.findAllByRole('row'))[1]!
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent).slice(1)).toEqual(['处理对账差异', '平台运营', '对账差异 #12', '备注：渠道补单'])
  })

  test('knows every action the BFF records', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : []
      )
    const actions = new Set<string>()
    for (const file of files(resolve(__dirname, '../../../bff/src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)) actions.add(match[1]!)
    }
    // notifications.service.ts names its flagged outcomes in a template: payment.notification_<outcome>
    for (const outcome of ['merchant_mismatch', 'amount_mismatch', 'unknown_order']) actions.add(`payment.notification_${outcome}`)
    expect(actions.size).toBeGreaterThan(20)
    expect([...actions].filter((action) => auditActionZh(action) === action)).toEqual([])
  })

  test.each([
    ['api_key.created', { scopes: ['redeem', 'read_cards'], storeIds: ['s-1'] }, '权限：收款、查询会员卡'],
    ['api_key.rotated', { overlapSeconds: 3600 }, '旧密钥保留：3600 秒'],
    ['card.cooling_off_refund_requested', { refundId: 'r', refundFen: 50_000, bonusForfeitedFen: 5_000, coolingOffDays: 7, orderIds: ['o'] }, '退回金额：¥500.00 · 作废赠送金：¥50.00 · 冷静期：7 天'],
    ['card.balance_refund_requested', { refundId: 'r', principalFen: 26_950, bonusForfeitedFen: 3_050 }, '退回本金：¥269.50 · 作废赠送金：¥30.50'],
    ['redemption.reversed', { reversalId: 'v', amountFen: 1_200, reason: '顾客退货' }, '冲正金额：¥12.00 · 原因：顾客退货'],
    ['settlement.override_unreconciled', { businessDate: '2026-11-24', reason: '渠道账单延迟', openDifferences: 2 }, '营业日：2026-11-24 · 未处理差异：2 条 · 原因：渠道账单延迟'],
    ['webhook_endpoint.created', { url: 'https://pos.example.com/hooks', eventTypes: [] }, '地址：https://pos.example.com/hooks · 事件：全部'],
    ['points_item.created', { couponTemplateId: 't', pointsPrice: 500, stock: 100 }, '兑换所需积分：500 分 · 库存：100 张'],
    ['points.exchanged', { exchangeId: 'x', itemId: 'i', points: 500, couponId: 'c' }, '积分：500 分'],
    [
      'member_levels.updated',
      { before: [], after: [{ name: '银卡', thresholdFen: 100_000, pointsMultiplierPct: 100 }, { name: '金卡', thresholdFen: 500_000, pointsMultiplierPct: 150 }] },
      '无等级 → 银卡 满¥1,000.00 积分×1、金卡 满¥5,000.00 积分×1.5'
    ]
  ])('says %s with %j as "%s"', (action, detail, expected) => {
    expect(auditDetailZh(detail, { action })).toBe(expected)
  })

  test('names targets without a label by kind and a short id', () => {
    expect(auditTargetZh({ targetType: 'settlement_statement', targetId: '42', detail: null })).toBe('结算单 #42')
    expect(auditTargetZh({ targetType: 'topup_order', targetId: '0b6c1f2e-9d8a-4c3b-8e7f-6a5b4c3d2e1f', detail: null })).toBe('充值单 0b6c1f2e')
    expect(auditTargetZh({ targetType: 'webhook_endpoint', targetId: 'w', detail: null, targetLabel: 'https://pos.example.com/hooks' })).toBe('回调地址「https://pos.example.com/hooks」')
  })

  test('shows an empty trail as such', async () => {
    fakeBff.on('GET /operator/audit', () => ({ status: 200, body: { items: [], nextCursor: null } }))
    render(<AuditTrail title='全部操作记录' query={{}} version={0} />)
    expect(await screen.findByText('还没有操作记录')).toBeInTheDocument()
  })
})

const card = (overrides: Partial<OperatorCardView>): OperatorCardView => ({
  id: 'card-1',
  cardNo: '8800000000001234',
  status: 'ACTIVE',
  kind: 'NAMED',
  productId: 'p-1',
  productName: '莲花健身储值卡',
  consumerId: 'c-1',
  expiresAt: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  merchant: { id: 'm-1', displayName: '莲花健身', status: 'APPROVED' },
  balance: { principalFen: 50_000, bonusFen: 5_000, totalFen: 55_000, points: 0 },
  holder: { nameMasked: '小*', phoneMasked: '138****0000' },
  ...overrides
})

describe('查找会员卡', () => {
  beforeEach(() => {
    fakeBff.on('GET /operator/audit', () => ({ status: 200, body: { items: [], nextCursor: null } }))
    fakeBff.on('GET /operator/merchants', () => ({ status: 200, body: [] }))
  })

  const search = (text: string) => {
    const box = within(screen.getByRole('region', { name: '会员卡' }))
    fireEvent.change(box.getByLabelText('卡号或手机号'), { target: { value: text } })
    fireEvent.click(box.getByText('查找'))
    return box
  }

  test("lists the cards of a holder's phone with the holder masked and the merchant, and opens the one chosen", async () => {
    const other = card({ id: 'card-2', cardNo: '8800000000005678', productName: '青禾烘焙会员卡', merchant: { id: 'm-2', displayName: '青禾烘焙', status: 'APPROVED' }, balance: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 0 } })
    fakeBff.on('GET /operator/cards', () => ({ status: 200, body: [card({}), other] }))
    render(<Freeze />)
    const box = search('138 0000 0000')

    const list = within(await box.findByRole('region', { name: '手机号 13800000000 名下的会员卡' }))
    expect(fakeBff.calls('GET /operator/cards')[0]).toMatchObject({ token: 'ops-access', query: { phone: '13800000000' } })
    expect(list.getByText('手机号 13800000000 名下有 2 张会员卡')).toBeInTheDocument()
    const rows = list.getAllByRole('row').slice(1)
    expect(rows.map((row) => Array.from(row.querySelectorAll('th, td')).slice(0, 6).map((cell) => cell.textContent))).toEqual([
      ['8800000000001234', '小* · 138****0000', '莲花健身', '莲花健身储值卡', '正常', '¥550.00'],
      ['8800000000005678', '小* · 138****0000', '青禾烘焙', '青禾烘焙会员卡', '正常', '¥0.00']
    ])
    expect(box.queryByText('冻结此卡')).not.toBeInTheDocument()

    fireEvent.click(within(rows[1]!).getByText('查看'))
    expect(await box.findByText('冻结此卡')).toBeInTheDocument()
    expect(box.getAllByText('8800000000005678')).toHaveLength(2)
    expect(within(rows[1]!).getByText('正在查看')).toBeInTheDocument()
    // the chosen card's own trail appears below
    await waitFor(() => expect(fakeBff.calls('GET /operator/audit').some((request) => request.query?.targetId === 'card-2')).toBe(true))
  })

  test('opens the only card of a phone at once, and says so when a phone has none', async () => {
    fakeBff.on('GET /operator/cards', (request) => ({ status: 200, body: request.query?.phone === '13800000000' ? [card({})] : [] }))
    render(<Freeze />)
    const box = search('+86 138-0000-0000')
    expect(await box.findByText('冻结此卡')).toBeInTheDocument()
    expect(box.getByText('小* · 138****0000', { selector: 'dd' })).toBeInTheDocument()

    search('13900000000')
    expect(await box.findByText('手机号 13900000000 名下没有会员卡。请核对号码，或改用卡号查找。')).toBeInTheDocument()
    expect(box.queryByText('冻结此卡')).not.toBeInTheDocument()
  })

  test('still finds a card by its number, and explains what to type otherwise', async () => {
    fakeBff.on('GET /operator/cards/8800000000001234', () => ({ status: 200, body: card({}) }))
    render(<Freeze />)
    const box = search('12345')
    expect(await box.findByText('请输入 16 位卡号，或持卡人的 11 位手机号')).toBeInTheDocument()
    expect(fakeBff.send).not.toHaveBeenCalledWith(expect.objectContaining({ path: '/operator/cards' }))

    search('8800 0000 0000 1234')
    expect(await box.findByText('冻结此卡')).toBeInTheDocument()
    expect(box.queryByRole('region', { name: /名下的会员卡/ })).not.toBeInTheDocument()
  })

  test.each([
    ['8800000000001234', { kind: 'cardNo', cardNo: '8800000000001234' }],
    ['138 0000 0000', { kind: 'phone', phone: '13800000000' }],
    ['+8613800000000', { kind: 'phone', phone: '13800000000' }],
    ['23800000000', null],
    ['880000', null]
  ])('reads %s as %j', (text, expected) => {
    expect(parseCardQuery(text)).toEqual(expected)
  })
})
