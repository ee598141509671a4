import QRCode from 'qrcode'

/**
 * The QR of a member code as an SVG data URL, for an <Image>: no canvas, so the same code path works in the
 * browser and in the mini-program. Error correction M and a 2-module quiet zone read well off a phone screen.
 */
export function qrDataUrl(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } }, (error, svg) => {
      if (error) reject(error)
      else resolve(`data:image/svg+xml;base64,${base64Ascii(svg)}`)
    })
  })
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (the SVG is ASCII); the mini-program has no `btoa`. */
function base64Ascii(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i)
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += ALPHABET[(bits >> 18) & 63]! + ALPHABET[(bits >> 12) & 63]!
    out += Number.isNaN(b) ? '=' : ALPHABET[(bits >> 6) & 63]!
    out += Number.isNaN(c) ? '=' : ALPHABET[bits & 63]!
  }
  return out
}
