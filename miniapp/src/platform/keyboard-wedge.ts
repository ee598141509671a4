import { useEffect, useRef } from 'react'

/** Scanners type a whole code in well under a second; people leave far more than this between keys. */
const MAX_GAP_MS = 50
const MIN_LENGTH = 8

/**
 * H5: catches a USB barcode scanner (a "keyboard wedge": fast typing ended by Enter) while no text field
 * has focus, e.g. after the cashier tapped the list, so a scan is not lost. Typing into a field is left to
 * the field. On the mini-program there is no such keyboard, and this does nothing.
 */
export function useKeyboardWedge(onScan: (text: string) => void, enabled: boolean): void {
  const handler = useRef(onScan)
  handler.current = onScan

  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || !enabled) return
    let buffer = ''
    let lastKeyAt = 0
    const onKeyDown = (event: Event) => {
      // Taro's H5 <Input> also re-emits a CustomEvent named "keydown" from its host element: not a key
      if (!(event instanceof KeyboardEvent)) return
      const target = event.target as HTMLElement | null
      if (target?.closest?.('input, textarea, [contenteditable], taro-input-core, taro-textarea-core')) return
      const now = Date.now()
      if (now - lastKeyAt > MAX_GAP_MS) buffer = ''
      lastKeyAt = now
      if (event.key === 'Enter') {
        if (buffer.length >= MIN_LENGTH) {
          event.preventDefault()
          handler.current(buffer)
        }
        buffer = ''
      } else if (event.key.length === 1) {
        buffer += event.key
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}
