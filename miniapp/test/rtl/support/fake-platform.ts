/**
 * Stand-ins for src/platform/* (the only place the app touches Taro/WeChat), for React Testing Library tests.
 * Use in a test file: `import './support/platform-mocks'` first (http, storage, navigation, page and dialog faked), then
 * for what else the screen uses:
 *   jest.mock('@/platform/scan', () => require('./support/fake-platform').scan)
 *   ...
 * `fakeBff` answers the app's HTTP calls (platform/http `send`) from routes registered by the test, so the real
 * API client, session handling and feature code run unchanged.
 */
import type { HttpRequest, HttpResponse } from '@/platform/http'

type Handler = (request: HttpRequest) => HttpResponse | { status: number; body: unknown } | Promise<HttpResponse | { status: number; body: unknown }>

/** Who a test is signed in as: each has its own session key in storage, and the token the fake BFF then sees. */
type SignedIn = 'consumer' | 'staff' | 'operator'
const SESSIONS: Record<SignedIn, { key: string; accessToken: string; refreshToken: string }> = {
  consumer: { key: 'jucard.consumer.session', accessToken: 'test-access', refreshToken: 'test-refresh' },
  staff: { key: 'jucard.merchant.session', accessToken: 'staff-access', refreshToken: 'staff-refresh' },
  operator: { key: 'jucard.operator.session', accessToken: 'ops-access', refreshToken: 'ops-refresh' }
}

const routes = new Map<string, Handler>()
const store = new Map<string, unknown>()

export const fakeBff = {
  /** `fakeBff.on('GET /me/cards', () => ({ status: 200, body: [...] }))` */
  on(route: string, handler: Handler): void {
    routes.set(route, handler)
  },
  send: jest.fn(async (request: HttpRequest): Promise<HttpResponse> => {
    const handler = routes.get(`${request.method} ${request.path}`)
    if (!handler) return { kind: 'answered', status: 404, body: { code: 'NOT_FOUND', messageZh: `测试里没有 ${request.method} ${request.path}` } }
    const answer = await handler(request)
    return 'kind' in answer ? answer : { kind: 'answered', ...answer }
  }),
  /**
   * Before each test: forget routes, calls, stored values and page params; confirmations answered yes again; sign in
   * as `signedIn` (a valid token in storage under the app's own session key; a consumer unless the test says otherwise).
   */
  reset({ signedIn = ['consumer'] }: { signedIn?: SignedIn[] | false } = {}): void {
    routes.clear()
    store.clear()
    fakeBff.send.mockClear()
    for (const key of Object.keys(pageParams)) delete pageParams[key]
    dialog.confirmAnswer = true
    for (const fake of [dialog.confirmDialog, dialog.toast, ...Object.values(navigation)]) fake.mockClear()
    for (const who of signedIn || []) {
      const { key, accessToken, refreshToken } = SESSIONS[who]
      store.set(key, { accessToken, refreshToken, accessExpiresAt: Date.now() + 3600_000 })
    }
  },
  calls: (route: string) => fakeBff.send.mock.calls.map(([request]) => request).filter((request) => `${request.method} ${request.path}` === route)
}

export const http = {
  API_BASE: '',
  send: (request: HttpRequest) => fakeBff.send(request),
  /** Same-origin path and query string, as on H5 (used by platform/download). */
  requestUrl: (request: Pick<HttpRequest, 'path' | 'query'>) => {
    const pairs = Object.entries(request.query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    return request.path + (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '')
  }
}

export const dialog = {
  /** Answers every confirmation with `confirmAnswer` (true unless a test says otherwise). */
  confirmDialog: jest.fn(async (): Promise<boolean> => dialog.confirmAnswer),
  confirmAnswer: true,
  toast: jest.fn()
}

export const storage = {
  getItem: jest.fn(async (key: string) => (store.has(key) ? JSON.parse(JSON.stringify(store.get(key))) : null)),
  setItem: jest.fn(async (key: string, value: unknown) => void store.set(key, JSON.parse(JSON.stringify(value)))),
  removeItem: jest.fn(async (key: string) => void store.delete(key))
}

export const navigation = {
  replacePage: jest.fn(async () => undefined),
  restartAt: jest.fn(async () => undefined),
  openPage: jest.fn(async () => undefined),
  goBack: jest.fn(async () => undefined)
}

/** Page params come from `pageParams`; lifecycle hooks are no-ops the test can trigger. */
export const pageParams: Record<string, string> = {}
export const page = {
  usePullToRefresh: jest.fn(),
  usePageParams: (...names: string[]) => Object.fromEntries(names.map((name) => [name, pageParams[name] ?? ''])),
  usePageTitle: jest.fn(),
  useReturnToForeground: jest.fn(),
  useScrolledToBottom: jest.fn()
}

export const payment = {
  /** H5's set (platform/payment narrows it to WeChat Pay on weapp). */
  PAYABLE_CHANNELS: ['WECHATPAY', 'ALIPAY', 'UNIONPAY'],
  requestMiniProgramPayment: jest.fn(async () => ({ kind: 'submitted' })),
  goToCashier: jest.fn()
}

export const screen = {
  useBrightScreen: jest.fn(),
  useScreenshotListener: jest.fn()
}

/** The camera: answers `scanOutcome` (cancelled unless a test says otherwise). */
export const scan = {
  scanCode: jest.fn(async (): Promise<{ kind: 'scanned'; text: string } | { kind: 'cancelled' }> => scan.scanOutcome),
  scanOutcome: { kind: 'cancelled' } as { kind: 'scanned'; text: string } | { kind: 'cancelled' }
}

/** H5's answer: no 订阅消息 dialog, so receipts come by SMS (receipt-subscriptions.spec mocks the weapp side). */
export const subscribeMessage = {
  CAN_SUBSCRIBE: false,
  requestSubscriptions: jest.fn(async (_templateIds: string[]): Promise<{ kind: 'answered'; accepted: string[] } | { kind: 'unavailable'; reason: string }> => ({ kind: 'unavailable', reason: 'H5 has no subscribe messages' }))
}
