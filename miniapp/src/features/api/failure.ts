import { ERRORS, isErrorCode, type ErrorCode, type ErrorEnvelope } from '@jucard/shared'

/**
 * Why a call did not produce the data:
 * - `rejected`: the BFF answered with the error envelope; show `envelope.messageZh`, decide on `envelope.code`.
 * - `no-answer`: nothing came back (offline, timeout). For a money-moving call the outcome is UNKNOWN:
 *   retry with the same idempotency key, never with a new one.
 */
export type ApiFailure =
  | { kind: 'rejected'; status: number; envelope: ErrorEnvelope }
  | { kind: 'no-answer'; reason: string }

export type ApiResult<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure }

export const NO_ANSWER_ZH = '网络不给力，没有收到服务器的答复'

/** The sentence to show a person for any failure. */
export function failureMessageZh(failure: ApiFailure): string {
  return failure.kind === 'rejected' ? failure.envelope.messageZh : NO_ANSWER_ZH
}

export function failureCode(failure: ApiFailure): ErrorCode | null {
  return failure.kind === 'rejected' ? failure.envelope.code : null
}

/** A 422's Chinese message for each field it names (the first of each), for a form to show at that field; {} otherwise. */
export function fieldMessagesZh(failure: ApiFailure): Record<string, string> {
  if (failure.kind !== 'rejected' || failure.status !== 422) return {}
  const messages: Record<string, string> = {}
  for (const [field, zh] of Object.entries(failure.envelope.errorsZh ?? {})) if (typeof zh[0] === 'string' && zh[0]) messages[field] = zh[0]
  return messages
}

/**
 * Reads an error body into the envelope. Anything else that comes back with an error status (a proxy's HTML
 * page, an empty body) becomes a generic envelope, so callers handle one shape.
 */
export function toEnvelope(status: number, body: unknown): ErrorEnvelope {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof ErrorEnvelope, unknown>>
  const code: ErrorCode = isErrorCode(raw.code) ? raw.code : fallbackCode(status)
  return {
    statusCode: status,
    code,
    message: typeof raw.message === 'string' ? raw.message : ERRORS[code].en,
    messageZh: typeof raw.messageZh === 'string' && raw.messageZh ? raw.messageZh : ERRORS[code].zh,
    ...(isFieldErrors(raw.errors) ? { errors: raw.errors } : {}),
    ...(isFieldErrors(raw.errorsZh) ? { errorsZh: raw.errorsZh } : {}),
    ...(typeof raw.requestId === 'string' ? { requestId: raw.requestId } : {})
  }
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED'
  if (status === 403) return 'FORBIDDEN'
  if (status === 404) return 'NOT_FOUND'
  if (status === 422) return 'VALIDATION_FAILED'
  if (status === 429) return 'RATE_LIMITED'
  if (status === 502 || status === 504) return 'UPSTREAM_ERROR'
  if (status === 503) return 'SERVICE_UNAVAILABLE'
  return 'INTERNAL'
}

function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every(Array.isArray)
}
