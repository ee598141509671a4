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

// the same Code128 encoder the native weapp component draws with (tested in test/native)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { code128C } = require('../../native-components/member-code/code128') as { code128C: (digits: string) => { modules: number[] } }

/** The 18 digits as a Code 128 (subset C) barcode, an SVG data URL for an <Image>, for 1D scanners at the till. */
export function barcodeDataUrl(numericCode: string): string {
  const { modules } = code128C(numericCode)
  let bars = ''
  for (let x = 0; x < modules.length; x++) {
    if (modules[x] !== 1) continue
    let width = 1
    while (modules[x + width] === 1) width++
    bars += `<rect x="${x}" y="0" width="${width}" height="40"/>`
    x += width - 1
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${modules.length} 40" preserveAspectRatio="none" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><g fill="#000">${bars}</g></svg>`
  return `data:image/svg+xml;base64,${base64Ascii(svg)}`
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
