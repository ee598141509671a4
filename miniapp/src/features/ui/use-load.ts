import { useCallback, useEffect, useRef, useState } from 'react'
import { failureMessageZh, type ApiResult } from '../api'

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; messageZh: string } | { status: 'ready'; data: T }

/**
 * Loads a screen's data once on open; `reload` fetches again (retry, pull-to-refresh) and keeps showing the
 * data already there while it runs. A load started later always wins over an older one still in flight.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, deps: unknown[] = []) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const latest = useRef(0)

  const reload = useCallback(async (): Promise<void> => {
    const ticket = ++latest.current
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }))
    const result = await load()
    if (ticket !== latest.current) return
    setState(result.ok ? { status: 'ready', data: result.data } : { status: 'failed', messageZh: failureMessageZh(result.failure) })
  }, deps) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void reload()
  }, [reload])

  return { state, reload, set: (data: T) => setState({ status: 'ready', data }) }
}
