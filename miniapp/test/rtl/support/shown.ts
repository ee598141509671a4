import { screen, within } from '@testing-library/react'

/** Each text stands on the screen, or inside `container` (getByText: exactly one element each). */
export function expectShown(texts: Array<string | RegExp>, container?: HTMLElement): void {
  const where = container ? within(container) : screen
  for (const text of texts) expect(where.getByText(text)).toBeInTheDocument()
}
