import { fireEvent, waitFor } from '@testing-library/react'
import { dialog, fakeBff } from './fake-platform'

/**
 * An action that asks first, declined and then taken: `button` finds what the person clicks; the first click is
 * answered 取消 and sends nothing to `route`, the second is confirmed. `question` is what the dialog must ask.
 */
export async function declineThenConfirm(button: () => Promise<HTMLElement>, route: string, question: { title?: string; content?: unknown } = {}): Promise<void> {
  dialog.confirmAnswer = false
  fireEvent.click(await button())
  await waitFor(() => expect(dialog.confirmDialog).toHaveBeenCalledTimes(1))
  expect(dialog.confirmDialog).toHaveBeenCalledWith(expect.objectContaining(question))
  expect(fakeBff.calls(route)).toHaveLength(0)
  dialog.confirmAnswer = true
  fireEvent.click(await button())
}
