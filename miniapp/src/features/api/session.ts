import type { TokenPair } from '@jucard/shared'
import { getItem, removeItem, setItem } from '@/platform/storage'

/** A signed-in person's tokens, kept on the device so the app survives a reload. */
export interface Session {
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds when the access token stops working (refreshed a little before). */
  accessExpiresAt: number
}

/** The signed-in staff member at a till. */
export type StaffSession = Session

export interface SessionStore {
  load(): Promise<Session | null>
  save(tokens: TokenPair, now?: number): Promise<Session>
  clear(): Promise<void>
}

/**
 * One store per audience, each under its own key: a phone that is both a shopper's wallet and a till keeps
 * the two sign-ins apart (a staff token is refused by consumer routes and vice versa).
 */
export function createSessionStore(key: string): SessionStore {
  let current: Session | null | undefined
  return {
    async load() {
      if (current === undefined) current = await getItem<Session>(key)
      return current
    },
    async save(tokens, now = Date.now()) {
      current = {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessExpiresAt: now + tokens.expiresIn * 1000
      }
      await setItem(key, current)
      return current
    },
    async clear() {
      current = null
      await removeItem(key)
    }
  }
}

export const staffSession = createSessionStore('jucard.merchant.session')
export const consumerSession = createSessionStore('jucard.consumer.session')
export const operatorSession = createSessionStore('jucard.operator.session')

export const loadSession = (): Promise<StaffSession | null> => staffSession.load()
export const saveSession = (tokens: TokenPair, now = Date.now()): Promise<StaffSession> => staffSession.save(tokens, now)
export const clearSession = (): Promise<void> => staffSession.clear()
