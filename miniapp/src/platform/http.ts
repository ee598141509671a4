import Taro from '@tarojs/taro'
import { deviceId } from './device-id'

/**
 * The one HTTP door of the app. On H5 the BFF serves the app itself (under /app/), so requests stay on the
 * same origin; the mini-program needs an absolute base URL (TARO_APP_API_BASE, set at build time).
 */
export const API_BASE: string = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000'

const TIMEOUT_MS = 15_000

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface HttpRequest {
  method: HttpMethod
  /** Path below the API base, e.g. "/merchant/redemptions". */
  path: string
  query?: Record<string, string | undefined>
  body?: object
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string | null
}

/** Either the server answered (any status), or nothing came back and the outcome is unknown. */
export type HttpResponse =
  | { kind: 'answered'; status: number; body: unknown }
  | { kind: 'no-answer'; reason: string }

export async function send(request: HttpRequest): Promise<HttpResponse> {
  const header: Record<string, string> = { Accept: 'application/json' }
  if (request.body) header['Content-Type'] = 'application/json'
  if (request.token) header.Authorization = `Bearer ${request.token}`
  const device = await deviceId()
  if (device) header['X-Device-Id'] = device
  try {
    const response = await Taro.request({
      url: requestUrl(request),
      method: request.method,
      data: request.body,
      header,
      dataType: 'json',
      timeout: TIMEOUT_MS
    })
    return { kind: 'answered', status: response.statusCode, body: response.data }
  } catch (error) {
    // wx.request fails with errMsg ("request:fail timeout"); the H5 fetch rejects with a TypeError or AbortError
    const reason = (error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? String(error)
    return { kind: 'no-answer', reason }
  }
}

/** The absolute (weapp) or same-origin (H5) address of a request, query string included. */
export function requestUrl(request: Pick<HttpRequest, 'path' | 'query'>): string {
  return API_BASE + request.path + queryString(request.query)
}

function queryString(query: HttpRequest['query']): string {
  if (!query) return ''
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}
