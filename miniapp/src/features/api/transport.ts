import type { TokenPair } from '@jucard/shared'
import { send, type HttpRequest, type HttpResponse } from '@/platform/http'
import { toEnvelope, type ApiResult } from './failure'
import type { Session, SessionStore } from './session'

/** A token that expires within this margin is refreshed before the request leaves. */
const REFRESH_MARGIN_MS = 30_000

export type Call = Omit<HttpRequest, 'token'>
/** How a request leaves the app: `send` (JSON) by default; a file download has its own (platform/download). */
export type Sender = (request: HttpRequest) => Promise<HttpResponse>
/** A signed-in call, as `authedCall` makes it: what the clients of each area (developer, coupons, reports) are built on. */
export type AuthedCall = <T>(call: Call, via?: Sender) => Promise<ApiResult<T>>
/** An id as one segment of a path (ids may carry characters a path cannot). */
export const pathSegment = encodeURIComponent
type RefreshOutcome = { kind: 'refreshed'; session: Session } | { kind: 'signed-out' } | { kind: 'no-answer'; reason: string }

/**
 * Calls to the BFF for one audience (staff or consumer), typed with the @jucard/shared contracts. Every call
 * resolves (never throws) to `{ ok: true, data }` or `{ ok: false, failure }`. Expired access tokens are
 * refreshed once, transparently; a session that cannot be refreshed is cleared and `onSignedOut` runs.
 */
export function createTransport(sessions: SessionStore, onSignedOut: () => Promise<void>) {
  let refreshing: Promise<RefreshOutcome> | null = null
  let signingOut: Promise<void> | null = null

  function signOut(): Promise<void> {
    signingOut ??= sessions
      .clear()
      .then(onSignedOut)
      .finally(() => {
        signingOut = null
      })
    return signingOut
  }

  /** One refresh at a time: the refresh token rotates, so two parallel refreshes would trip reuse detection. */
  function refresh(session: Session): Promise<RefreshOutcome> {
    refreshing ??= (async (): Promise<RefreshOutcome> => {
      const response = await send({ method: 'POST', path: '/auth/refresh', body: { refreshToken: session.refreshToken } })
      if (response.kind === 'no-answer') return response
      if (response.status === 200) return { kind: 'refreshed', session: await sessions.save(response.body as TokenPair) }
      return { kind: 'signed-out' }
    })().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function publicCall<T>(call: Call): Promise<ApiResult<T>> {
    const response = await send(call)
    if (response.kind === 'no-answer') return { ok: false, failure: response }
    if (response.status >= 200 && response.status < 300) return { ok: true, data: response.body as T }
    return { ok: false, failure: { kind: 'rejected', status: response.status, envelope: toEnvelope(response.status, response.body) } }
  }

  async function authedCall<T>(call: Call, via: Sender = send): Promise<ApiResult<T>> {
    let session = await sessions.load()
    if (session && session.accessExpiresAt - REFRESH_MARGIN_MS < Date.now()) {
      const refreshed = await refresh(session)
      if (refreshed.kind === 'no-answer') return { ok: false, failure: refreshed }
      session = refreshed.kind === 'refreshed' ? refreshed.session : null
    }
    if (!session) return signedOut(null)

    let response = await via({ ...call, token: session.accessToken })
    if (response.kind === 'answered' && response.status === 401) {
      // the token died early (revoked, server clock): one refresh and one retry. The guard refused the first
      // attempt before any work, so repeating it is safe even for a money-moving call. If a parallel call has
      // refreshed meanwhile, its tokens are used: refreshing again with the spent refresh token would look
      // like token theft to the BFF.
      const latest = await sessions.load()
      const refreshed: RefreshOutcome = latest && latest !== session ? { kind: 'refreshed', session: latest } : await refresh(session)
      if (refreshed.kind === 'no-answer') return { ok: false, failure: refreshed }
      if (refreshed.kind === 'signed-out') return signedOut(session)
      response = await via({ ...call, token: refreshed.session.accessToken })
    }
    if (response.kind === 'answered' && response.status === 401) return signedOut(session)
    if (response.kind === 'no-answer') return { ok: false, failure: response }
    if (response.status >= 200 && response.status < 300) return { ok: true, data: response.body as T }
    return { ok: false, failure: { kind: 'rejected', status: response.status, envelope: toEnvelope(response.status, response.body) } }
  }

  /**
   * Ends the session `used` by a refused call. Parallel calls of a page (say three loads) are refused one
   * after another; only the first may sign out and navigate, or the login page would open again under the
   * person's fingers. A call that used an older session than the stored one (already cleared, or replaced
   * by a new sign-in) changes nothing.
   */
  async function signedOut<T>(used: Session | null): Promise<ApiResult<T>> {
    if (used === null || (await sessions.load()) === used) await signOut()
    return { ok: false, failure: { kind: 'rejected', status: 401, envelope: toEnvelope(401, { code: 'UNAUTHENTICATED' }) } }
  }

  /** A sign-in (POST `path` with the credentials): on success the tokens are kept on the device as the session. */
  async function signIn(path: string, body: object): Promise<ApiResult<TokenPair>> {
    const result = await publicCall<TokenPair>({ method: 'POST', path, body })
    if (result.ok) await sessions.save(result.data)
    return result
  }

  async function hasSession(): Promise<boolean> {
    return (await sessions.load()) !== null
  }

  /** Ends the session on the server (best effort) and on the device, then runs `onSignedOut`. */
  async function logout(): Promise<void> {
    const session = await sessions.load()
    if (session) await send({ method: 'POST', path: '/auth/logout', body: { refreshToken: session.refreshToken } })
    await signOut()
  }

  // plain functions, not methods: the API clients hand them on as their own members
  return { publicCall, authedCall, signIn, signOut, hasSession, logout }
}
