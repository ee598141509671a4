/**
 * 开发者设置 (API keys, webhook endpoints, the delivery log) with the real API clients, session and features; only
 * src/platform/* is faked, and the browser's clipboard.
 */
import './support/platform-mocks'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ApiKeyView, StoreView, WebhookDeliveryView, WebhookEndpointView } from '@jucard/shared'
import { Developer } from '@/features/merchant-admin/developer/Developer'
import { keyDraftProblems, overlapExplanation, replaySinceIso, upserted } from '@/features/merchant-admin/developer/developer-rules'
import { dialog, fakeBff } from './support/fake-platform'
import { declineThenConfirm } from './support/confirm'


const OWNER = { id: 'o-1', username: 'owner', displayName: '林小莲', role: 'OWNER' as const, storeIds: [] }
const STORES: StoreView[] = [
  { id: 's-1', merchantId: 'm-1', name: '静安店', address: '南京西路' },
  { id: 's-2', merchantId: 'm-1', name: '徐汇店', address: '漕溪北路' }
]
const writeText = jest.fn(async (_text: string) => undefined)

function aKey(overrides: Partial<ApiKeyView> = {}): ApiKeyView {
  return {
    appKey: 'pos_AAAAAAAAAAAAAAAA',
    name: 'ERP 对接',
    scopes: ['read_cards', 'redeem'],
    storeIds: ['s-1'],
    status: 'ACTIVE',
    previousSecretValidUntil: null,
    lastUsedAt: '2026-12-03T02:15:00.000Z',
    revokedAt: null,
    createdAt: '2026-12-01T01:00:00.000Z',
    ...overrides
  }
}

function anEndpoint(overrides: Partial<WebhookEndpointView> = {}): WebhookEndpointView {
  return {
    id: 'e-1',
    url: 'https://erp.example.com/jucard/webhooks',
    description: 'ERP 订单同步',
    eventTypes: [],
    status: 'ACTIVE',
    disabledReason: null,
    failingSince: null,
    createdAt: '2026-12-01T01:00:00.000Z',
    ...overrides
  }
}

function aDelivery(n: number, overrides: Partial<WebhookDeliveryView> = {}): WebhookDeliveryView {
  return {
    id: `d-${n}`,
    messageId: `msg_${String(n).padStart(32, '0')}`,
    eventType: 'card.redeemed',
    attempt: 1,
    succeeded: true,
    request: { url: 'https://erp.example.com/jucard/webhooks', headers: {} },
    responseStatus: 204,
    responseBody: '',
    error: null,
    durationMs: 37,
    startedAt: '2026-12-03T02:15:00.000Z',
    ...overrides
  }
}

beforeEach(() => {
  fakeBff.reset({ signedIn: ['staff'] })
  writeText.mockClear()
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  fakeBff.on('GET /merchant/stores', () => ({ status: 200, body: STORES }))
  fakeBff.on('GET /merchant/api-keys', () => ({ status: 200, body: [] }))
  fakeBff.on('GET /merchant/webhook-endpoints', () => ({ status: 200, body: [] }))
})

const keysCard = async () => within((await screen.findByRole('heading', { name: '接口密钥' })).closest('section')!)
const hooksCard = async () => within((await screen.findByRole('heading', { name: '回调地址' })).closest('section')!)

describe('接口密钥', () => {
  test('lists each key with its scopes, stores, times and status in words', async () => {
    fakeBff.on('GET /merchant/api-keys', () => ({
      status: 200,
      body: [aKey(), aKey({ appKey: 'pos_BBBBBBBBBBBBBBBB', name: '旧收银', status: 'REVOKED', lastUsedAt: null, revokedAt: '2026-12-02T04:00:00.000Z' })]
    }))
    render(<Developer me={OWNER} />)

    const row = (await screen.findByText('pos_AAAAAAAAAAAAAAAA')).closest('tr')!
    expect(within(row).getByText('查询会员卡、收款')).toBeInTheDocument()
    expect(within(row).getByText('静安店')).toBeInTheDocument()
    expect(within(row).getByText('2026-12-01 09:00')).toBeInTheDocument()
    expect(within(row).getByText('2026-12-03 10:15')).toBeInTheDocument()
    expect(within(row).getByText('正常')).toBeInTheDocument()
    const revoked = screen.getByText('pos_BBBBBBBBBBBBBBBB').closest('tr')!
    expect(within(revoked).getByText('从未使用')).toBeInTheDocument()
    expect(within(revoked).getByText('已停用')).toBeInTheDocument()
    expect(within(revoked).queryByText('更换密钥')).not.toBeInTheDocument()
    expect(fakeBff.calls('GET /merchant/api-keys')[0]?.token).toBe('staff-access')
  })

  test('creates a key with the scopes and stores picked, shows its secret once with a copy button, and never again', async () => {
    fakeBff.on('POST /merchant/api-keys', (request) => ({
      status: 201,
      body: { ...aKey({ appKey: 'pos_NEWNEWNEWNEWNEW1', ...(request.body as object), lastUsedAt: null }), appSecret: 'the-secret-shown-once-0123456789' }
    }))
    render(<Developer me={OWNER} />)
    const card = await keysCard()
    expect(await card.findByText(/还没有接口密钥/)).toBeInTheDocument()

    fireEvent.click(card.getByText('新建密钥'))
    fireEvent.click(screen.getByText('创建密钥'))
    expect(await screen.findByText('请填写密钥名称，例如对接的系统')).toBeInTheDocument()
    expect(screen.getByText('至少选择一项权限')).toBeInTheDocument()
    expect(screen.getByText('至少选择一个门店')).toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/api-keys')).toHaveLength(0)

    fireEvent.change(screen.getByLabelText('名称'), { target: { value: ' 收银系统 ' } })
    fireEvent.click(screen.getByLabelText('收款：在收银系统里扫会员码消费'))
    fireEvent.click(screen.getByLabelText('徐汇店'))
    fireEvent.click(screen.getByLabelText('静安店'))
    // the first store picked is where a sale through the API is taken
    expect(screen.getByLabelText('徐汇店（收款门店）')).toBeChecked()
    fireEvent.click(screen.getByText('创建密钥'))

    const secretDialog = within(await screen.findByRole('dialog', { name: '密钥已创建' }))
    expect(fakeBff.calls('POST /merchant/api-keys')[0]?.body).toEqual({ name: '收银系统', scopes: ['redeem'], storeIds: ['s-2', 's-1'] })
    expect(secretDialog.getByLabelText('App Secret')).toHaveTextContent('the-secret-shown-once-0123456789')
    expect(secretDialog.getByText(/只显示这一次，关闭后无法再查看/)).toBeInTheDocument()
    fireEvent.click(secretDialog.getByText('复制App Secret'))
    expect(await secretDialog.findByText('已复制到剪贴板')).toBeInTheDocument()
    expect(writeText).toHaveBeenCalledWith('the-secret-shown-once-0123456789')

    fireEvent.click(secretDialog.getByText('我已保存'))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.queryByText('the-secret-shown-once-0123456789')).not.toBeInTheDocument()
    expect(screen.getByText('已新建密钥「收银系统」')).toBeInTheDocument()
    expect(screen.getByText('pos_NEWNEWNEWNEWNEW1').closest('tr')).toHaveTextContent('徐汇店、静安店')
  })

  test('rotates with the overlap explained and sent, and shows the new secret', async () => {
    fakeBff.on('GET /merchant/api-keys', () => ({ status: 200, body: [aKey()] }))
    fakeBff.on('POST /merchant/api-keys/pos_AAAAAAAAAAAAAAAA/rotate', () => ({
      status: 200,
      body: { ...aKey({ previousSecretValidUntil: '2026-12-03T03:15:00.000Z' }), appSecret: 'rotated-secret-0123456789abcdef' }
    }))
    render(<Developer me={OWNER} />)
    fireEvent.click(await screen.findByText('更换密钥'))

    const rotate = within(screen.getByRole('dialog', { name: '更换密钥「ERP 对接」' }))
    expect(rotate.getByText(/更换后 24 小时内新旧密钥都能用/)).toBeInTheDocument()
    fireEvent.change(rotate.getByLabelText('旧密钥继续可用'), { target: { value: '3600' } })
    expect(rotate.getByText(/更换后 1 小时内新旧密钥都能用/)).toBeInTheDocument()
    fireEvent.click(rotate.getByText('确认更换'))

    const secretDialog = within(await screen.findByRole('dialog', { name: '新的密钥' }))
    expect(secretDialog.getByLabelText('App Secret')).toHaveTextContent('rotated-secret-0123456789abcdef')
    expect(fakeBff.calls('POST /merchant/api-keys/pos_AAAAAAAAAAAAAAAA/rotate')[0]?.body).toEqual({ overlapSeconds: 3600 })
    fireEvent.click(secretDialog.getByText('我已保存'))
    const row = screen.getByText('pos_AAAAAAAAAAAAAAAA').closest('tr')!
    expect(within(row).getByText('更换中')).toBeInTheDocument()
    expect(within(row).getByText('旧密钥 2026-12-03 11:15 失效')).toBeInTheDocument()
  })

  test('停用 asks first, and a key is only revoked once confirmed', async () => {
    fakeBff.on('GET /merchant/api-keys', () => ({ status: 200, body: [aKey()] }))
    fakeBff.on('POST /merchant/api-keys/pos_AAAAAAAAAAAAAAAA/revoke', () => ({ status: 200, body: aKey({ status: 'REVOKED', revokedAt: '2026-12-03T04:00:00.000Z' }) }))
    render(<Developer me={OWNER} />)
    const card = await keysCard()

    await declineThenConfirm(() => card.findByText('停用'), 'POST /merchant/api-keys/pos_AAAAAAAAAAAAAAAA/revoke', { title: '停用密钥「ERP 对接」？' })
    expect(await card.findByText('已停用密钥「ERP 对接」')).toBeInTheDocument()
    expect(card.getByText('已停用')).toBeInTheDocument()
    expect(card.getByText('2026-12-03 12:00 停用')).toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/api-keys/pos_AAAAAAAAAAAAAAAA/revoke')).toHaveLength(1)
  })

  test('says what went wrong and loads again on 重试', async () => {
    let calls = 0
    fakeBff.on('GET /merchant/api-keys', () => (++calls === 1 ? { status: 503, body: { code: 'SERVICE_UNAVAILABLE' } } : { status: 200, body: [aKey()] }))
    render(<Developer me={OWNER} />)
    const card = await keysCard()
    expect(await card.findByText('服务暂时不可用，请稍后再试')).toBeInTheDocument()
    fireEvent.click(card.getByText('重试'))
    expect(await card.findByText('pos_AAAAAAAAAAAAAAAA')).toBeInTheDocument()
  })

  test('is for the owner only: a manager is told so and nothing is loaded', async () => {
    render(<Developer me={{ ...OWNER, role: 'MANAGER' }} />)
    expect(screen.getByText('开发者设置只有店主可以查看和修改，请让店主登录后操作。')).toBeInTheDocument()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fakeBff.send).not.toHaveBeenCalled()
  })
})

describe('回调地址', () => {
  test('adds an endpoint for the events picked and shows its signing secret once', async () => {
    fakeBff.on('POST /merchant/webhook-endpoints', (request) => ({
      status: 201,
      body: { ...anEndpoint({ ...(request.body as object) }), secret: 'whsec_c2VjcmV0LXNob3duLW9uY2UtMDEyMzQ1Ng==' }
    }))
    render(<Developer me={OWNER} />)
    const card = await hooksCard()
    expect(await card.findByText(/还没有回调地址/)).toBeInTheDocument()
    fireEvent.click(card.getByText('添加回调地址'))

    fireEvent.change(screen.getByLabelText('接收地址'), { target: { value: 'erp.example.com' } })
    fireEvent.click(screen.getByText('添加'))
    expect(await screen.findByText('地址格式不对，应以 https:// 开头')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('接收地址'), { target: { value: 'https://erp.example.com/jucard/webhooks' } })
    for (const label of ['领取会员卡', '会员卡充值', '会员卡退卡', '发放优惠券', '使用优惠券', '结算单生成', '打款成功', '打款失败']) {
      expect(screen.getByLabelText(label)).not.toBeChecked()
    }
    fireEvent.click(screen.getByLabelText('会员卡消费'))
    fireEvent.click(screen.getByLabelText('消费冲正'))
    fireEvent.click(screen.getByLabelText('使用优惠券'))
    fireEvent.click(screen.getByLabelText('打款失败'))
    fireEvent.click(screen.getByText('添加'))

    const secretDialog = within(await screen.findByRole('dialog', { name: '回调地址已添加' }))
    expect(fakeBff.calls('POST /merchant/webhook-endpoints')[0]?.body).toEqual({
      url: 'https://erp.example.com/jucard/webhooks',
      eventTypes: ['card.redeemed', 'card.reversed', 'coupon.used', 'payout.failed']
    })
    expect(secretDialog.getByLabelText('签名密钥')).toHaveTextContent('whsec_c2VjcmV0LXNob3duLW9uY2UtMDEyMzQ1Ng==')
    expect(secretDialog.getByText('会员卡消费、消费冲正、使用优惠券、打款失败')).toBeInTheDocument()
    fireEvent.click(secretDialog.getByText('我已保存'))
    expect(screen.queryByText(/whsec_/)).not.toBeInTheDocument()
    expect(card.getByText('https://erp.example.com/jucard/webhooks').closest('tr')).toHaveTextContent('会员卡消费、消费冲正、使用优惠券、打款失败')
  })

  test('停用 asks first; a disabled endpoint offers no replay', async () => {
    fakeBff.on('GET /merchant/webhook-endpoints', () => ({ status: 200, body: [anEndpoint()] }))
    fakeBff.on('POST /merchant/webhook-endpoints/e-1/disable', () => ({ status: 200, body: anEndpoint({ status: 'DISABLED', disabledReason: 'disabled by the merchant' }) }))
    fakeBff.on('GET /merchant/webhook-endpoints/e-1/deliveries', () => ({ status: 200, body: { items: [aDelivery(1)], nextCursor: null } }))
    render(<Developer me={OWNER} />)
    const card = await hooksCard()

    await declineThenConfirm(() => card.findByText('停用'), 'POST /merchant/webhook-endpoints/e-1/disable')
    expect(await card.findByText('由店主停用')).toBeInTheDocument()
    expect(card.queryByText('停用')).not.toBeInTheDocument()

    fireEvent.click(card.getByText('推送记录'))
    const log = within((await screen.findByRole('heading', { name: /推送记录 ·/ })).closest('section')!)
    expect(await log.findByText('回调地址已停用，不能重发。')).toBeInTheDocument()
    expect(log.getByText('第 1 次')).toBeInTheDocument()
    expect(log.queryByText('重发')).not.toBeInTheDocument()
  })

  test('shows the delivery log page by page with each attempt, and replays one message or everything since a time', async () => {
    fakeBff.on('GET /merchant/webhook-endpoints', () => ({ status: 200, body: [anEndpoint({ failingSince: '2026-12-03T02:00:00.000Z' })] }))
    fakeBff.on('GET /merchant/webhook-endpoints/e-1/deliveries', (request) =>
      request.query?.cursor === 'page2'
        ? { status: 200, body: { items: [aDelivery(1, { eventType: 'card.topped_up', startedAt: '2026-12-02T02:00:00.000Z' })], nextCursor: null } }
        : {
            status: 200,
            body: {
              items: [
                aDelivery(3, { attempt: 2, succeeded: false, responseStatus: null, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', durationMs: 4 }),
                aDelivery(2, { succeeded: false, responseStatus: 500, responseBody: 'oops', durationMs: 120 })
              ],
              nextCursor: 'page2'
            }
          }
    )
    fakeBff.on('POST /merchant/webhook-endpoints/e-1/replay', (request) => ({ status: 200, body: { queued: 'since' in (request.body as object) ? 4 : 1 } }))
    render(<Developer me={OWNER} />)
    const card = await hooksCard()
    expect(await card.findByText('推送失败中')).toBeInTheDocument()
    expect(card.getByText('自 2026-12-03 10:00 起推送失败，连续 5 天失败将自动停用')).toBeInTheDocument()
    expect(card.getByText('全部事件')).toBeInTheDocument()
    fireEvent.click(card.getByText('推送记录'))

    const log = within((await screen.findByRole('heading', { name: '推送记录 · https://erp.example.com/jucard/webhooks' })).closest('section')!)
    const refused = (await log.findByText('第 2 次')).closest('tr')!
    expect(within(refused).getByText('失败')).toBeInTheDocument()
    expect(within(refused).getByText('无响应')).toBeInTheDocument()
    expect(within(refused).getByText('4 毫秒')).toBeInTheDocument()
    expect(within(refused).getByText(/ECONNREFUSED/)).toBeInTheDocument()
    const failed = log.getByText('500').closest('tr')!
    expect(within(failed).getByText('120 毫秒')).toBeInTheDocument()
    expect(within(failed).getByText('2026-12-03 10:15')).toBeInTheDocument()
    expect(within(failed).getByText('会员卡消费')).toBeInTheDocument()

    fireEvent.click(log.getByText('加载更多'))
    expect(await log.findByText('会员卡充值')).toBeInTheDocument()
    expect(fakeBff.calls('GET /merchant/webhook-endpoints/e-1/deliveries').map((c) => c.query?.cursor)).toEqual([undefined, 'page2'])
    expect(log.queryByText('加载更多')).not.toBeInTheDocument()

    fireEvent.click(within(failed).getByText('重发'))
    expect(await log.findByText(/已安排重发消息 msg_0+2/)).toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/webhook-endpoints/e-1/replay')[0]?.body).toEqual({ messageId: aDelivery(2).messageId })

    fireEvent.click(log.getByText('重发未成功的消息'))
    expect(await log.findByText('请先选择从什么时间开始重发')).toBeInTheDocument()
    fireEvent.change(log.getByLabelText('从此时间起重发（北京时间）'), { target: { value: '2026-12-03T08:30' } })
    dialog.confirmAnswer = false
    fireEvent.click(log.getByText('重发未成功的消息'))
    await waitFor(() => expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining({ title: '重发 2026-12-03 08:30 以来的消息？' })))
    expect(fakeBff.calls('POST /merchant/webhook-endpoints/e-1/replay')).toHaveLength(1)
    dialog.confirmAnswer = true
    fireEvent.click(log.getByText('重发未成功的消息'))
    expect(await log.findByText('已安排重发 4 条消息')).toBeInTheDocument()
    expect(fakeBff.calls('POST /merchant/webhook-endpoints/e-1/replay')[1]?.body).toEqual({ since: '2026-12-03T00:30:00.000Z' })
  })

  test('says so when an endpoint has no deliveries yet', async () => {
    fakeBff.on('GET /merchant/webhook-endpoints', () => ({ status: 200, body: [anEndpoint()] }))
    fakeBff.on('GET /merchant/webhook-endpoints/e-1/deliveries', () => ({ status: 200, body: { items: [], nextCursor: null } }))
    render(<Developer me={OWNER} />)
    fireEvent.click(await (await hooksCard()).findByText('推送记录'))
    expect(await screen.findByText(/还没有推送记录/)).toBeInTheDocument()
  })
})

describe('developer rules', () => {
  test('reads a picked time as Shanghai time, and refuses what is not one', () => {
    expect(replaySinceIso('2026-12-03T08:30')).toBe('2026-12-03T00:30:00.000Z')
    expect(replaySinceIso('')).toBeNull()
    expect(replaySinceIso('2026-02-30T08:30')).toBeNull()
  })

  it.each([
    [0, '旧密钥立即失效'],
    [3600, '更换后 1 小时内新旧密钥都能用'],
    [604_800, '更换后 7 天内新旧密钥都能用']
  ])('explains an overlap of %i seconds', (seconds, words) => {
    expect(overlapExplanation(seconds)).toContain(words)
  })

  test('names every missing part of a new key, and nothing for a complete one', () => {
    expect(Object.keys(keyDraftProblems({ name: ' ', scopes: [], storeIds: [] }))).toEqual(['name', 'scopes', 'storeIds'])
    expect(keyDraftProblems({ name: 'ERP', scopes: ['redeem'], storeIds: ['s-1'] })).toEqual({})
  })

  test('puts a changed item in place and a new one first', () => {
    const byId = (x: { id: string }) => x.id
    expect(upserted([{ id: 'a', v: 1 }, { id: 'b', v: 1 }], { id: 'b', v: 2 }, byId)).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 2 }])
    expect(upserted([{ id: 'a', v: 1 }], { id: 'c', v: 1 }, byId).map(byId)).toEqual(['c', 'a'])
  })
})
