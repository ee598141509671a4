import type { InputProps } from '@tarojs/components'

/**
 * Props for a money field. The mini-program's `digit` keyboard has the decimal point; on H5 Taro turns
 * `digit` into `<input type="number">`, which hides "12." from the page while it is typed, so H5 gets a
 * text field that asks for the decimal keypad instead.
 */
export const decimalInputProps: Pick<InputProps, 'type' | 'nativeProps'> =
  process.env.TARO_ENV === 'h5' ? { type: 'text', nativeProps: { inputMode: 'decimal', autoComplete: 'off' } } : { type: 'digit' }

/**
 * Props for a phone-number field. H5 gets `<input type="tel">` (the phone keypad, no number spinner; Taro spreads
 * `nativeProps` over its own attributes); the mini-program's `number` keyboard has no spinner.
 */
export const phoneInputProps: Pick<InputProps, 'type' | 'nativeProps'> =
  process.env.TARO_ENV === 'h5' ? { type: 'text', nativeProps: { type: 'tel', inputMode: 'tel', autoComplete: 'tel' } } : { type: 'number' }
