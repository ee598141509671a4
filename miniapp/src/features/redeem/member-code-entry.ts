import { formatMemberCode, memberCodeCollidesWithPaymentCodes, parseMemberCode, type ParsedMemberCode } from '@jucard/shared'

/** A member code the till accepted, in the form it will be sent (digits without spaces, or the QR text). */
export interface AcceptedCode {
  value: string
  parsed: ParsedMemberCode
  /** What the cashier sees: "9312 3456 …" or "二维码 …<code id>". */
  label: string
}

export type CodeCheck = { ok: true; code: AcceptedCode } | { ok: false; messageZh: string }

/** Checks the shape of a scanned or typed code before anything is sent; only the BFF can tell if it is genuine. */
export function checkMemberCode(input: string): CodeCheck {
  const text = input.trim()
  if (text === '') return { ok: false, messageZh: '请扫描或输入顾客的会员码' }
  const parsed = parseMemberCode(text)
  if (parsed) {
    const value = parsed.form === 'numeric' ? text.replace(/\s+/g, '') : text
    return { ok: true, code: { value, parsed, label: codeLabel(value, parsed) } }
  }
  const digits = text.replace(/\s+/g, '')
  if (/^\d+$/.test(digits)) {
    if (digits.length === 18 && memberCodeCollidesWithPaymentCodes(digits)) {
      return { ok: false, messageZh: '这是微信或支付宝的付款码，请让顾客打开聚卡会员码' }
    }
    if (digits.length !== 18) return { ok: false, messageZh: `会员码是 18 位数字，现在是 ${digits.length} 位，请核对` }
  }
  return { ok: false, messageZh: '这不是聚卡会员码，请让顾客打开聚卡里的会员码' }
}

export function codeLabel(value: string, parsed: ParsedMemberCode): string {
  return parsed.form === 'numeric' ? formatMemberCode(value) : `二维码 · ${formatMemberCode(parsed.codeId)}`
}

/** Live preview while typing: digits grouped in fours, anything else as typed. */
export function groupForDisplay(input: string): string {
  const digits = input.replace(/\s+/g, '')
  return /^\d+$/.test(digits) ? formatMemberCode(digits) : input.trim()
}
