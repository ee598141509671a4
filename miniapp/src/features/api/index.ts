export { merchantApi, createMerchantApi, type MerchantApi, type StaffMe, type RedemptionQuery } from './client'
export { consumerApi, createConsumerApi, type ConsumerApi } from './consumer-client'
export { failureCode, failureMessageZh, fieldMessagesZh, NO_ANSWER_ZH, type ApiFailure, type ApiResult } from './failure'
