import type { AnnounceClosingRequest, MerchantClosingNotice } from '@jucard/shared'
import { merchantApi } from '../../api/client'
import type { AuthedCall } from '../../api/transport'
import type { ClosingApi } from '../../console/ClosingNoticePanel'

/** 停业公告 (docs/compliance.md §10): the standing notice, announcing one, withdrawing it (owner). */
export function createClosingApi(call: AuthedCall): ClosingApi {
  return {
    current: () => call<MerchantClosingNotice | null>({ method: 'GET', path: '/merchant/closing' }),
    announce: (body: AnnounceClosingRequest) => call<MerchantClosingNotice>({ method: 'POST', path: '/merchant/closing', body }),
    withdraw: () => call<void>({ method: 'DELETE', path: '/merchant/closing' })
  }
}

export const closingApi = createClosingApi(merchantApi.authedCall)
