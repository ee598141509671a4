import { getItem, setItem } from './storage'

const KEY = 'jucard.device-id'

let cached: Promise<string | null> | null = null

/**
 * An id this install of the app made up once and keeps in its storage, sent as X-Device-Id so risk control can see
 * many cards or accounts topped up from one phone (docs/risk.md). Not a hardware id: clearing storage makes a new one.
 * Null when storage fails; the request then goes without it.
 */
export function deviceId(): Promise<string | null> {
  cached ??= (async () => {
    try {
      const stored = await getItem<string>(KEY)
      if (stored && /^[A-Za-z0-9_-]{8,64}$/.test(stored)) return stored
      const made = `d${Date.now().toString(36)}${Array.from({ length: 3 }, () => Math.floor(Math.random() * 0x1_0000_0000).toString(36)).join('')}`
      await setItem(KEY, made)
      return made
    } catch {
      cached = null
      return null
    }
  })()
  return cached
}
