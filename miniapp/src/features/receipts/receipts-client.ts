import type { ReceiptSubscriptionsView } from '@jucard/shared'
import { restartAt } from '@/platform/navigation'
import { consumerSession } from '../api/session'
import { createTransport } from '../api/transport'
import { LOGIN_PAGE } from '../wallet/routes'

/** The consumer's receipt subscriptions (docs/receipts.md): which templates to ask for, and the ones accepted. */
export function createReceiptsApi(options: { onSignedOut?: () => Promise<void> } = {}) {
  const transport = createTransport(consumerSession, options.onSignedOut ?? (() => restartAt(LOGIN_PAGE)))
  return {
    subscriptions: () => transport.authedCall<ReceiptSubscriptionsView>({ method: 'GET', path: '/me/receipt-subscriptions' }),
    grant: (acceptedTemplateIds: string[]) => transport.authedCall<ReceiptSubscriptionsView>({ method: 'POST', path: '/me/receipt-subscriptions', body: { acceptedTemplateIds } })
  }
}

export const receiptsApi = createReceiptsApi()
