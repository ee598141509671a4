import { useEffect, useRef } from 'react'
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'

/**
 * Pull-to-refresh for pages whose config sets `enablePullDownRefresh: true`.
 * The spinner stops when `refresh` settles, whatever the outcome.
 */
export function usePullToRefresh(refresh: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
}

/** The title bar (the browser tab on H5) for pages whose title depends on what they show, e.g. new vs edit. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined)
  }, [title])
}

/** The page's query parameters (`?cardId=…`), decoded. A missing one is ''. */
export function usePageParams<K extends string>(...names: K[]): Record<K, string> {
  const { params } = useRouter()
  const values = {} as Record<K, string>
  for (const name of names) {
    const raw = params[name]
    values[name] = typeof raw === 'string' ? safeDecode(raw) : ''
  }
  return values
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * Runs `onReturn` when the page comes back into view after being hidden: another page was closed over it,
 * the app came back from the background (weapp), or the browser tab became visible again (H5).
 * The first show, when the page opens, is not a return.
 */
export function useReturnToForeground(onReturn: () => void, onLeave?: () => void): void {
  const handlers = useRef({ onReturn, onLeave })
  handlers.current = { onReturn, onLeave }
  const hidden = useRef(false)

  const leave = () => {
    if (hidden.current) return
    hidden.current = true
    handlers.current.onLeave?.()
  }
  const back = () => {
    if (!hidden.current) return
    hidden.current = false
    handlers.current.onReturn()
  }
  useDidHide(leave)
  useDidShow(back)

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onVisibility = () => (document.visibilityState === 'hidden' ? leave() : back())
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [])
}

/** Runs `onBottom` when the person scrolls to the end of the page (load the next page of a list). */
export function useScrolledToBottom(onBottom: () => void): void {
  useReachBottom(onBottom)
}
