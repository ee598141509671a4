import { IS_H5 } from './env'

/**
 * How a claim reaches the claim page. The H5 link carries `?token=…&store=…`; a mini-program code (小程序码) carries
 * one `scene` string of at most 32 characters, given to the page URL-encoded, so it holds the token alone, or
 * `<token>~<store code>` with the store's first 7 id characters (a 24-character token + 8 = 32).
 */
export interface ClaimEntry {
  token: string
  /** The store the QR was printed for (attribution); '' when none. */
  store: string
}

export function claimEntryOf(params: { token: string; store: string; scene: string }): ClaimEntry {
  if (params.token) return { token: params.token, store: params.store }
  if (!params.scene) return { token: '', store: '' }
  const scene = safeDecode(params.scene)
  const [token = '', store = ''] = scene.split('~')
  return /^[A-Za-z0-9_-]{8,32}$/.test(token) ? { token, store } : { token: '', store: '' }
}

/** The scene a mini-program code for this product (and store) is requested with; fits WeChat's 32 characters. */
export function claimScene(token: string, storeId?: string): string {
  return storeId ? `${token}~${storeId.slice(0, 7)}` : token
}

/** The H5 claim page's address, to print as a QR or send as a link (the BFF serves the app under /app/, hash router). */
export function claimLink(token: string, storeId?: string): string {
  const origin = IS_H5 && typeof window !== 'undefined' ? window.location.origin : ''
  const query = `token=${encodeURIComponent(token)}${storeId ? `&store=${encodeURIComponent(storeId)}` : ''}`
  return `${origin}/app/#/pages/claim/index?${query}`
}

/** Opens the browser's print dialog (H5 back office: the printable claim QR). */
export function printPage(): void {
  if (typeof window !== 'undefined') window.print()
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
