import { useCallback, useEffect, useRef, useState } from 'react'
import type { ReceiptTemplatePurpose } from '@jucard/shared'
import { CAN_SUBSCRIBE, requestSubscriptions } from '@/platform/subscribe-message'
import { receiptsApi } from './receipts-client'

/** Where asking stands: nothing to ask (H5, no template), not yet asked, or how it went. */
export type SubscriptionState = 'unavailable' | 'ready' | 'accepted' | 'declined'

/**
 * Asks for a receipt by WeChat (one-time 订阅消息) at a moment that needs one: the template is loaded with the
 * page, because WeChat opens its dialog only straight after a tap. Never in the way: when anything fails the
 * receipt simply comes by SMS, so `ask` always resolves and the tap goes on to what it was for.
 */
export function useReceiptSubscription(purpose: ReceiptTemplatePurpose) {
  const [state, setState] = useState<SubscriptionState>('unavailable')
  const templateId = useRef<string | null>(null)

  useEffect(() => {
    if (!CAN_SUBSCRIBE) return
    let live = true
    void receiptsApi.subscriptions().then((result) => {
      if (!live || !result.ok) return
      templateId.current = result.data.templates[purpose]
      if (templateId.current) setState('ready')
    })
    return () => {
      live = false
    }
  }, [purpose])

  const ask = useCallback(async (): Promise<SubscriptionState> => {
    const id = templateId.current
    if (!id) return 'unavailable'
    const answer = await requestSubscriptions([id])
    if (answer.kind === 'unavailable') return 'unavailable'
    const next = answer.accepted.length > 0 ? 'accepted' : 'declined'
    setState(next)
    // recorded in the background: the tap's own action does not wait for it
    if (answer.accepted.length > 0) void receiptsApi.grant(answer.accepted)
    return next
  }, [])

  return { state, ask }
}
