import { requestUrl, type HttpRequest, type HttpResponse } from './http'

/** What a finished download answers in place of a JSON body. */
export interface SavedFile {
  filename: string
  bytes: number
}

const TIMEOUT_MS = 60_000

/**
 * H5: a sender (features/api/transport `Sender`) that fetches a file with the bearer token — a plain link
 * cannot carry one — and hands it to the browser as a download through a blob: link. It answers like `send`:
 * a 2xx body is the SavedFile; an error body is read as JSON for the error envelope. The mini-program has no
 * file downloads of its own: there it answers no-answer.
 */
export function fileDownload(fallbackName: string): (request: HttpRequest) => Promise<HttpResponse> {
  return async (request) => {
    if (process.env.TARO_ENV !== 'h5') return { kind: 'no-answer', reason: 'file downloads are only available in the browser' }
    const headers: Record<string, string> = { Accept: 'text/csv, application/json' }
    if (request.token) headers.Authorization = `Bearer ${request.token}`
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS)
    try {
      const response = await fetch(requestUrl(request), { method: request.method, headers, signal: abort.signal })
      if (!response.ok) return { kind: 'answered', status: response.status, body: await jsonOrNull(response) }
      const blob = await response.blob()
      const filename = filenameFromDisposition(response.headers.get('content-disposition'), fallbackName)
      saveBlob(blob, filename)
      const saved: SavedFile = { filename, bytes: blob.size }
      return { kind: 'answered', status: response.status, body: saved }
    } catch (error) {
      return { kind: 'no-answer', reason: (error as Error)?.message ?? String(error) }
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * The file name a server suggests in `Content-Disposition`: the RFC 5987 `filename*=UTF-8''…` form (Chinese
 * names) wins over the plain `filename="…"`; without either, `fallback`. Path parts are never kept.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended?.[1]) {
    try {
      return baseName(decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''))) || fallback
    } catch {
      // a malformed escape: fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(header)
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim()
  return baseName(name) || fallback
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? ''
}

async function jsonOrNull(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    return null
  }
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // revoked a while later: a browser may still be reading the blob after click() returns
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
