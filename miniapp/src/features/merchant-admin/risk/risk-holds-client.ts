import type { MerchantRiskHoldList } from '@jucard/shared'
import { merchantApi } from '../../api/client'
import type { AuthedCall } from '../../api/transport'

/** 风控审核 in the back office: the merchant's operations a hold stopped, with what to tell the customer. */
export function createRiskHoldsApi(call: AuthedCall) {
  return {
    list: () => call<MerchantRiskHoldList>({ method: 'GET', path: '/merchant/risk/holds' })
  }
}

export const riskHoldsApi = createRiskHoldsApi(merchantApi.authedCall)
