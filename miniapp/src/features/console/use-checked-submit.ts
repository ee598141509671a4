import { useState } from 'react'
import { confirmDialog } from '@/platform/dialog'
import { failureMessageZh, fieldMessagesZh, type ApiResult } from '../api'

/** What a form's checker answers: the input to send, or a message per field. */
export type Checked<Input, Field extends string> = { ok: true; input: Input } | { ok: false; errors: Partial<Record<Field, string>> }

interface Submit<Input, Field extends string, Result> {
  /** Checks the form as it is now. */
  check: () => Checked<Input, Field>
  /** The form's message when a field needs fixing. */
  incomplete: string
  /** Asked once the form is right, before anything is sent (e.g. 提交审核, which cannot be edited afterwards). */
  confirm?: { title: string; content: string; confirmText: string }
  send: (input: Input) => Promise<ApiResult<Result>>
  /** Runs with the answer once it worked (e.g. on to the next page). */
  done: (result: Result) => unknown
  /** The form's field a 422 names (`levels.1.thresholdFen`), null for none: its message is then shown at that field. */
  fieldOf?: (key: string) => Field | null
}

/**
 * A back-office form's 提交: checked first (messages at the fields, nothing sent), asked if it must be, then sent
 * with the button busy; a refusal is the form's message (with `fieldOf`, a 422's messages go to their fields as
 * well). `errors`, `failure` and `saving` are for the form to show.
 */
export function useCheckedSubmit<Input, Field extends string, Result>(step: Submit<Input, Field, Result>) {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function submit(): Promise<void> {
    const checked = step.check()
    if (!checked.ok) {
      setErrors(checked.errors)
      setFailure(step.incomplete)
      return
    }
    setErrors({})
    setFailure(null)
    if (step.confirm && !(await confirmDialog(step.confirm))) return
    setSaving(true)
    const result = await step.send(checked.input)
    setSaving(false)
    if (!result.ok) {
      const atFields = serverFieldErrors(fieldMessagesZh(result.failure), step.fieldOf)
      setErrors(atFields)
      return setFailure(Object.keys(atFields).length > 0 ? step.incomplete : failureMessageZh(result.failure))
    }
    await step.done(result.data)
  }

  return { errors, failure, saving, submit }
}

function serverFieldErrors<Field extends string>(messages: Record<string, string>, fieldOf?: (key: string) => Field | null): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {}
  if (!fieldOf) return errors
  for (const [key, message] of Object.entries(messages)) {
    const field = fieldOf(key)
    if (field !== null && errors[field] === undefined) errors[field] = message
  }
  return errors
}
