import { useState } from 'react'
import { confirmDialog } from '@/platform/dialog'
import { failureMessageZh, type ApiResult } from '../api'

/** The one-line message above a console list: what an action just did, or why it did not. */
export type ListNotice = { tone: 'success' | 'error'; text: string } | null

interface RowAction<Row, Result> {
  /** The question asked first (irreversible actions); null: go ahead without asking (e.g. 启用 again). */
  confirm: (row: Row) => { title: string; content: string; confirmText: string } | null
  act: (row: Row) => Promise<ApiResult<Result>>
  /** Takes the answer in (e.g. puts the updated row in the list) and says what was done. */
  done: (row: Row, result: Result) => string
  /** What the notice says when it did not work (default: the failure's own message). */
  failed?: (messageZh: string) => string
}

/**
 * An action on one row of a console list: asked first, the row's button busy while it runs (`busyId`), the
 * outcome shown through `notify` as the list's notice.
 */
export function useRowAction<Row, Result>(notify: (notice: ListNotice) => void, rowId: (row: Row) => string, action: RowAction<Row, Result>) {
  const [busyId, setBusyId] = useState<string | null>(null)

  async function run(row: Row): Promise<void> {
    const question = action.confirm(row)
    if (question && !(await confirmDialog(question))) return
    setBusyId(rowId(row))
    const result = await action.act(row)
    setBusyId(null)
    if (!result.ok) {
      const messageZh = failureMessageZh(result.failure)
      notify({ tone: 'error', text: action.failed ? action.failed(messageZh) : messageZh })
      return
    }
    notify({ tone: 'success', text: action.done(row, result.data) })
  }

  return { busyId, run: (row: Row) => void run(row) }
}
