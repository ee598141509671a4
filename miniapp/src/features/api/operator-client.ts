import type {
  AnnounceClosingRequest,
  AuditPage,
  AuditQuery,
  BusinessDate,
  CustodyReport,
  DayCloseView,
  MerchantClosingNotice,
  MerchantStatus,
  MerchantView,
  OperatorCardView,
  Page,
  PasswordLoginRequest,
  ReconDayView,
  ReconDifferenceStatus,
  ReconDifferenceView,
  ReviewDecision,
  RunSettlementRequest,
  SettlementRunView,
  StatementStatus,
  StatementView,
  TokenPair
} from '@jucard/shared'
import { restartAt } from '@/platform/navigation'
import { OPS_LOGIN_PAGE } from '../ops/routes'
import type { ApiResult } from './failure'
import { operatorSession } from './session'
import { createTransport } from './transport'

const id = encodeURIComponent

export interface DifferenceQuery {
  date?: BusinessDate
  status?: ReconDifferenceStatus
  channel?: string
  cursor?: string
  limit?: number
}

export interface OperatorStatementQuery {
  date?: BusinessDate
  merchantId?: string
  status?: StatementStatus
  cursor?: string
}

/**
 * The operator console's API (platform staff): merchant review, day close (reconciliation, settlement,
 * custody), freezes, closing notices and the audit trail. Its own session, apart from any staff or consumer
 * sign-in on the same browser; a dead session goes to the operator login page.
 */
export function createOperatorApi(options: { onSignedOut?: () => Promise<void> } = {}) {
  const transport = createTransport(operatorSession, options.onSignedOut ?? (() => restartAt(OPS_LOGIN_PAGE)))
  const call = transport.authedCall

  return {
    /** Signs an operator in and keeps the tokens on the device. */
    login: (body: PasswordLoginRequest): Promise<ApiResult<TokenPair>> => transport.signIn('/auth/operator/login', body),
    hasSession: transport.hasSession,
    logout: transport.logout,
    /** The signed-in call, for the console's other clients (ops/risk/risk-client.ts) to share one session and refresh. */
    call,

    listMerchants: (status?: MerchantStatus) => call<MerchantView[]>({ method: 'GET', path: '/operator/merchants', query: { status } }),
    review: (merchantId: string, body: ReviewDecision) =>
      call<MerchantView>({ method: 'POST', path: `/operator/merchants/${id(merchantId)}/review`, body }),
    freezeMerchant: (merchantId: string, reason: string) =>
      call<MerchantView>({ method: 'POST', path: `/operator/merchants/${id(merchantId)}/freeze`, body: { reason } }),
    unfreezeMerchant: (merchantId: string, reason: string) =>
      call<MerchantView>({ method: 'POST', path: `/operator/merchants/${id(merchantId)}/unfreeze`, body: { reason } }),
    /** 停业公告 for a merchant whose owner cannot (docs/compliance.md §10): the standing one (null: none), announce, withdraw. */
    getClosing: (merchantId: string) => call<MerchantClosingNotice | null>({ method: 'GET', path: `/operator/merchants/${id(merchantId)}/closing` }),
    announceClosing: (merchantId: string, body: AnnounceClosingRequest) =>
      call<MerchantClosingNotice>({ method: 'POST', path: `/operator/merchants/${id(merchantId)}/closing`, body }),
    withdrawClosing: (merchantId: string) => call<void>({ method: 'DELETE', path: `/operator/merchants/${id(merchantId)}/closing` }),

    getCard: (cardNo: string) => call<OperatorCardView>({ method: 'GET', path: `/operator/cards/${id(cardNo)}` }),
    /** Every card of the consumer with this phone; none is an empty list. */
    findCardsByPhone: (phone: string) => call<OperatorCardView[]>({ method: 'GET', path: '/operator/cards', query: { phone } }),
    freezeCard: (cardNo: string, reason: string) =>
      call<OperatorCardView>({ method: 'POST', path: `/operator/cards/${id(cardNo)}/freeze`, body: { reason } }),
    unfreezeCard: (cardNo: string, reason: string) =>
      call<OperatorCardView>({ method: 'POST', path: `/operator/cards/${id(cardNo)}/unfreeze`, body: { reason } }),

    listAudit: (query: AuditQuery) =>
      call<AuditPage>({
        method: 'GET',
        path: '/operator/audit',
        query: {
          targetType: query.targetType,
          targetId: query.targetId,
          cursor: query.cursor,
          limit: query.limit === undefined ? undefined : String(query.limit)
        }
      }),

    getDayClose: (date: BusinessDate) => call<DayCloseView>({ method: 'GET', path: `/operator/day-close/${id(date)}` }),
    /** Synchronous: answers once every channel's bill was matched. */
    runReconciliation: (businessDate: BusinessDate) =>
      call<ReconDayView>({ method: 'POST', path: '/operator/reconciliation/runs', body: { businessDate } }),
    listDifferences: (query: DifferenceQuery) =>
      call<Page<ReconDifferenceView>>({
        method: 'GET',
        path: '/operator/reconciliation/differences',
        query: {
          date: query.date,
          status: query.status,
          channel: query.channel,
          cursor: query.cursor,
          limit: query.limit === undefined ? undefined : String(query.limit)
        }
      }),
    resolveDifference: (differenceId: number, note: string) =>
      call<ReconDifferenceView>({ method: 'POST', path: `/operator/reconciliation/differences/${differenceId}/resolve`, body: { note } }),

    /** Starts the run in the background (202); poll `getSettlementRun` for its progress. */
    startSettlement: (body: RunSettlementRequest) => call<SettlementRunView>({ method: 'POST', path: '/operator/settlement/runs', body }),
    getSettlementRun: (runId: number) => call<SettlementRunView>({ method: 'GET', path: `/operator/settlement/runs/${runId}` }),
    listSettlementRuns: (cursor?: string) => call<Page<SettlementRunView>>({ method: 'GET', path: '/operator/settlement/runs', query: { cursor } }),
    listStatements: (query: OperatorStatementQuery) =>
      call<Page<StatementView>>({
        method: 'GET',
        path: '/operator/settlement/statements',
        query: { date: query.date, merchantId: query.merchantId, status: query.status, cursor: query.cursor }
      }),
    retryPayout: (statementId: number) =>
      call<StatementView>({ method: 'POST', path: `/operator/settlement/statements/${statementId}/retry-payout` }),
    getCustody: () => call<CustodyReport>({ method: 'GET', path: '/operator/custody' })
  }
}

export type OperatorApi = ReturnType<typeof createOperatorApi>

/** The operator console's one client. */
export const operatorApi: OperatorApi = createOperatorApi()
