import type {
  InspectMemberCodeRequest,
  MemberCodeInspection,
  MerchantSummary,
  MerchantView,
  PasswordLoginRequest,
  RedeemRequest,
  RegisterMerchantRequest,
  RedemptionList,
  RedemptionView,
  ReversalView,
  ReverseRequest,
  ShiftSummary,
  StaffView,
  StoreView,
  TokenPair
} from '@jucard/shared'
import { restartAt } from '@/platform/navigation'
import { MERCHANT_LOGIN_PAGE } from '../staff/routes'
import type { ApiResult } from './failure'
import { staffSession } from './session'
import { createTransport } from './transport'

/** What `GET /merchant/staff/me` answers: who is at the till and where they may take money. */
export type StaffMe = Pick<StaffView, 'id' | 'username' | 'displayName' | 'role' | 'storeIds'>

export interface RedemptionQuery {
  storeId: string
  /** YYYY-MM-DD; the BFF defaults to today in Asia/Shanghai. */
  date?: string
  cursor?: string
}

/**
 * The merchant API, typed with the @jucard/shared contracts. Every method resolves (never throws) to
 * `{ ok: true, data }` or `{ ok: false, failure }`. Expired access tokens are refreshed once, transparently;
 * a session that cannot be refreshed is cleared and `onSignedOut` runs (by default: back to the login page).
 */
export function createMerchantApi(options: { onSignedOut?: () => Promise<void> } = {}) {
  const transport = createTransport(staffSession, options.onSignedOut ?? (() => restartAt(MERCHANT_LOGIN_PAGE)))
  const staffCall = transport.authedCall

  return {
    /** Signs a staff member in and keeps the tokens on the device. */
    staffLogin: (body: PasswordLoginRequest): Promise<ApiResult<TokenPair>> => transport.signIn('/auth/staff/login', body),

    hasSession: transport.hasSession,

    /** A new merchant and its owner account; sign in afterwards with the same username and password. */
    registerMerchant: (body: RegisterMerchantRequest) => transport.publicCall<MerchantView>({ method: 'POST', path: '/merchants/register', body }),

    /** The session's authenticated call, shared with the back office's own calls (merchant-admin-client.ts). */
    authedCall: staffCall,

    /** Ends the session on the server (best effort) and on the device, then goes to the login page. */
    logout: transport.logout,

    /** The back office (owners and managers): the whole merchant, KYC included. */
    getMerchant: () => staffCall<MerchantView>({ method: 'GET', path: '/merchant' }),
    /** The till: a cashier gets only this much of GET /merchant. */
    getMerchantSummary: () => staffCall<MerchantSummary>({ method: 'GET', path: '/merchant' }),
    listStores: () => staffCall<StoreView[]>({ method: 'GET', path: '/merchant/stores' }),
    getMe: () => staffCall<StaffMe>({ method: 'GET', path: '/merchant/staff/me' }),

    /** Right after a scan: whose code it is and what the card holds; reads only, the code stays usable. */
    inspectCode: (body: InspectMemberCodeRequest) => staffCall<MemberCodeInspection>({ method: 'POST', path: '/merchant/member-codes/inspect', body }),

    /** 交班: this staff member's shift so far, by cashier. */
    getShift: (storeId: string) => staffCall<ShiftSummary>({ method: 'GET', path: '/merchant/shift', query: { storeId } }),
    /** Ends the shift (answers its summary) and starts the next one now. */
    handOver: (storeId: string) => staffCall<ShiftSummary>({ method: 'POST', path: '/merchant/shift/handover', body: { storeId } }),

    /** Idempotent on `merchantOrderNo`: retrying a sale with the same number replays the first answer. */
    redeem: (body: RedeemRequest) => staffCall<RedemptionView>({ method: 'POST', path: '/merchant/redemptions', body }),

    listRedemptions: (query: RedemptionQuery) =>
      staffCall<RedemptionList>({
        method: 'GET',
        path: '/merchant/redemptions',
        query: { storeId: query.storeId, date: query.date, cursor: query.cursor }
      }),

    /** Idempotent on `reversalNo`. Owners and managers only. */
    reverse: (redemptionId: string, body: ReverseRequest) =>
      staffCall<ReversalView>({
        method: 'POST',
        path: `/merchant/redemptions/${encodeURIComponent(redemptionId)}/reversals`,
        body
      })
  }
}

export type MerchantApi = ReturnType<typeof createMerchantApi>

/** The app's one client. */
export const merchantApi: MerchantApi = createMerchantApi()
