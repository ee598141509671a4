import { useEffect } from 'react'

/**
 * Puts the cursor in the text field with `id` (set on the Taro <Input>).
 * The mini-program does this from the Input's `focus` prop. On H5 that prop only becomes an `autofocus`
 * attribute, which browsers honour on page load alone, so a field that appears later (the next step of a
 * sale) is focused here; the inner <input> is rendered a moment after the element, hence the retries.
 */
export function focusField(id: string): void {
  if (process.env.TARO_ENV !== 'h5') return
  const attempt = (triesLeft: number) => {
    const input = document.getElementById(id)?.querySelector('input')
    if (input) input.focus()
    else if (triesLeft > 0) setTimeout(() => attempt(triesLeft - 1), 30)
  }
  attempt(20)
}

export function useFocusOnMount(id: string): void {
  useEffect(() => focusField(id), [id])
}
