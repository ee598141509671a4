import type {
  ApiKeyCreated,
  ApiKeyView,
  CreateApiKeyRequest,
  CreateWebhookEndpointRequest,
  WebhookDeliveryPage,
  WebhookEndpointCreated,
  WebhookEndpointView,
  WebhookReplayRequest,
  WebhookReplayResult
} from '@jucard/shared'
import { merchantApi } from './client'
import { pathSegment as id, type AuthedCall } from './transport'

/**
 * 开发者设置 (the merchant owner only): API keys for the merchant's own systems and webhook endpoints with their
 * delivery log (docs/open-api.md). Secrets come back once, in the answer to a create or a rotation.
 */
export function createDeveloperApi(call: AuthedCall) {
  return {
    listApiKeys: () => call<ApiKeyView[]>({ method: 'GET', path: '/merchant/api-keys' }),
    createApiKey: (body: CreateApiKeyRequest) => call<ApiKeyCreated>({ method: 'POST', path: '/merchant/api-keys', body }),
    /** A new secret; the previous one keeps signing for `overlapSeconds`. */
    rotateApiKey: (appKey: string, overlapSeconds: number) =>
      call<ApiKeyCreated>({ method: 'POST', path: `/merchant/api-keys/${id(appKey)}/rotate`, body: { overlapSeconds } }),
    /** The key fails on its very next request, with either secret. */
    revokeApiKey: (appKey: string) => call<ApiKeyView>({ method: 'POST', path: `/merchant/api-keys/${id(appKey)}/revoke` }),

    listWebhookEndpoints: () => call<WebhookEndpointView[]>({ method: 'GET', path: '/merchant/webhook-endpoints' }),
    createWebhookEndpoint: (body: CreateWebhookEndpointRequest) => call<WebhookEndpointCreated>({ method: 'POST', path: '/merchant/webhook-endpoints', body }),
    disableWebhookEndpoint: (endpointId: string) => call<WebhookEndpointView>({ method: 'POST', path: `/merchant/webhook-endpoints/${id(endpointId)}/disable` }),
    /** The delivery log, newest first. */
    listWebhookDeliveries: (endpointId: string, cursor?: string, limit = 20) =>
      call<WebhookDeliveryPage>({ method: 'GET', path: `/merchant/webhook-endpoints/${id(endpointId)}/deliveries`, query: { cursor, limit: String(limit) } }),
    replayWebhook: (endpointId: string, body: WebhookReplayRequest) =>
      call<WebhookReplayResult>({ method: 'POST', path: `/merchant/webhook-endpoints/${id(endpointId)}/replay`, body })
  }
}

export type DeveloperApi = ReturnType<typeof createDeveloperApi>

/** The developer page's one client, on the back office's staff session. */
export const developerApi: DeveloperApi = createDeveloperApi(merchantApi.authedCall)
