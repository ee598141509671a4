import { formatYuan, MAX_AMOUNT_FEN, parseYuan, type Fen } from '@jucard/shared'

export type AmountCheck = { ok: true; amountFen: Fen } | { ok: false; messageZh: string }

/** Reads what the cashier typed, in yuan, into fen. Digits only: never float arithmetic on money. */
export function checkAmount(text: string): AmountCheck {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, messageZh: '请输入收款金额' }
  if (/^\d+\.\d{3,}$/.test(trimmed)) return { ok: false, messageZh: '金额最多两位小数（精确到分）' }
  const amountFen = parseYuan(trimmed)
  if (amountFen === null) return { ok: false, messageZh: '金额格式不对，例如 36.50' }
  if (amountFen <= 0) return { ok: false, messageZh: '金额必须大于 0' }
  if (amountFen > MAX_AMOUNT_FEN) return { ok: false, messageZh: `单笔不能超过 ${formatYuan(MAX_AMOUNT_FEN)}` }
  return { ok: true, amountFen }
}

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'back' | 'clear'

/** The longest whole-yuan part the keypad lets through (¥1,000,000 has 7 digits; one more to show the limit message). */
const MAX_WHOLE_DIGITS = 8

/** Applies one keypad press to the amount text; presses that would make it malformed are ignored. */
export function pressKey(text: string, key: KeypadKey): string {
  switch (key) {
    case 'clear':
      return ''
    case 'back':
      return text.slice(0, -1)
    case '.':
      if (text.includes('.')) return text
      return text === '' ? '0.' : `${text}.`
    default: {
      const [whole = '', fraction] = text.split('.')
      if (fraction !== undefined) return fraction.length >= 2 ? text : text + key
      if (whole === '0') return key // no leading zeros: "0" then "5" is "5"
      if (whole.length >= MAX_WHOLE_DIGITS) return text
      return text + key
    }
  }
}
