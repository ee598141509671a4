import {
  reportCsvPath,
  type CardProductInput,
  type CardProductView,
  type CreateStaffRequest,
  type CreateStoreRequest,
  type KycSubmission,
  type MerchantView,
  type UploadedFileView,
  type UploadPurpose,
  type MerchantDashboard,
  type Page,
  type ReportByKind,
  type ReportKind,
  type ReportQuery,
  type StaffMemberView,
  type StatementLineView,
  type StatementView,
  type StoreView,
  type UpdateStaffRequest,
  type UpdateStoreRequest
} from '@jucard/shared'
import { fileDownload, type SavedFile } from '@/platform/download'
import { merchantApi } from './client'
import { pathSegment as id, type AuthedCall } from './transport'

/** A report's query as the query string carries it (no cursor/limit for the CSV). */
function reportParams(query: ReportQuery): Record<string, string | undefined> {
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId,
    status: query.status,
    cursor: query.cursor,
    limit: query.limit === undefined ? undefined : String(query.limit)
  }
}

/**
 * The merchant back office's calls (owners and managers), on the same staff session as the till: one
 * transport, so one refresh at a time for both. Same contract as every client: `{ ok, data | failure }`.
 */
export function createMerchantAdminApi(call: AuthedCall) {
  return {
    getDashboard: () => call<MerchantDashboard>({ method: 'GET', path: '/merchant/dashboard' }),

    report: <K extends ReportKind>(kind: K, query: ReportQuery) =>
      call<ReportByKind[K]>({ method: 'GET', path: `/merchant/reports/${kind}`, query: reportParams(query) }),
    /** Saves the report's CSV in the browser's downloads; the data is the file's name and size. */
    downloadReportCsv: (kind: ReportKind, query: ReportQuery, fallbackName: string) =>
      call<SavedFile>(
        { method: 'GET', path: reportCsvPath(kind), query: reportParams({ ...query, cursor: undefined, limit: undefined }) },
        fileDownload(fallbackName)
      ),

    /** An image for KYC or a card face; the answer's id goes into the submission or the product. */
    uploadFile: (purpose: UploadPurpose, contentBase64: string) =>
      call<UploadedFileView>({ method: 'POST', path: '/merchant/files', body: { purpose, contentBase64 } }),
    /** First submission, or a new one after a rejection. */
    submitKyc: (body: KycSubmission) => call<MerchantView>({ method: 'PUT', path: '/merchant/kyc', body }),

    listProducts: () => call<CardProductView[]>({ method: 'GET', path: '/merchant/card-products' }),
    getProduct: (productId: string) => call<CardProductView>({ method: 'GET', path: `/merchant/card-products/${id(productId)}` }),
    createProduct: (body: CardProductInput) => call<CardProductView>({ method: 'POST', path: '/merchant/card-products', body }),
    updateProduct: (productId: string, body: CardProductInput) =>
      call<CardProductView>({ method: 'PUT', path: `/merchant/card-products/${id(productId)}`, body }),
    /** Stops sales of the product; cards already held keep working. */
    retireProduct: (productId: string) => call<CardProductView>({ method: 'POST', path: `/merchant/card-products/${id(productId)}/retire` }),

    listStores: () => call<StoreView[]>({ method: 'GET', path: '/merchant/stores' }),
    createStore: (body: CreateStoreRequest) => call<StoreView>({ method: 'POST', path: '/merchant/stores', body }),
    updateStore: (storeId: string, body: UpdateStoreRequest) => call<StoreView>({ method: 'PUT', path: `/merchant/stores/${id(storeId)}`, body }),

    /** Every member, deactivated ones included. */
    listStaff: () => call<StaffMemberView[]>({ method: 'GET', path: '/merchant/staff-members' }),
    createStaff: (body: CreateStaffRequest) => call<StaffMemberView>({ method: 'POST', path: '/merchant/staff', body }),
    updateStaff: (staffId: string, body: UpdateStaffRequest) =>
      call<StaffMemberView>({ method: 'PUT', path: `/merchant/staff/${id(staffId)}`, body }),

    listStatements: (cursor?: string, limit = 20) =>
      call<Page<StatementView>>({ method: 'GET', path: '/merchant/settlement/statements', query: { cursor, limit: String(limit) } }),
    getStatement: (statementId: number) => call<StatementView>({ method: 'GET', path: `/merchant/settlement/statements/${statementId}` }),
    listStatementLines: (statementId: number, cursor?: string, limit = 50) =>
      call<Page<StatementLineView>>({
        method: 'GET',
        path: `/merchant/settlement/statements/${statementId}/lines`,
        query: { cursor, limit: String(limit) }
      }),
    downloadStatementLines: (statementId: number, fallbackName: string) =>
      call<SavedFile>({ method: 'GET', path: `/merchant/settlement/statements/${statementId}/lines.csv` }, fileDownload(fallbackName))
  }
}

export type MerchantAdminApi = ReturnType<typeof createMerchantAdminApi>

/** The back office's one client, sharing the till's session and transport. */
export const merchantAdminApi: MerchantAdminApi = createMerchantAdminApi(merchantApi.authedCall)
