import { useEffect, useId, useState, type ReactNode } from 'react'
import { Button, Notice, TextArea } from './controls'
import './console.css'

/** A modal sheet over the page; Escape closes it like its cancel button. */
export function Dialog({ title, children, onClose }: { title: string; children: ReactNode; onClose: () => void }) {
  const titleId = useId()
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  return (
    <div className='console-dialog'>
      <div className='console-dialog__sheet' role='dialog' aria-modal='true' aria-labelledby={titleId}>
        <h2 id={titleId} className='console-dialog__title'>
          {title}
        </h2>
        {children}
      </div>
    </div>
  )
}

interface DialogActionsProps {
  confirmText: string
  busyText: string
  busy: boolean
  danger?: boolean
  onConfirm: () => void
  onCancel: () => void
}

/** 取消 and the confirming button at the foot of a dialog; both wait while the action runs. */
export function DialogActions({ confirmText, busyText, busy, danger = false, onConfirm, onCancel }: DialogActionsProps) {
  return (
    <div className='console-dialog__actions'>
      <Button variant='plain' disabled={busy} onClick={onCancel}>
        取消
      </Button>
      <Button variant={danger ? 'danger' : 'primary'} busyText={busy ? busyText : null} onClick={onConfirm}>
        {confirmText}
      </Button>
    </div>
  )
}

interface ReasonDialogProps {
  title: string
  /** What the action does, in one or two sentences. */
  description: ReactNode
  label: string
  placeholder?: string
  confirmText: string
  busyText: string
  danger?: boolean
  /** Fewest characters the BFF accepts for this reason (2 unless said otherwise). */
  minLength?: number
  /** Resolves to null when done, or the sentence that says why it was not. */
  onConfirm: (reason: string) => Promise<string | null>
  onClose: () => void
  /** More to decide with the reason (a checkbox), shown under it. */
  children?: ReactNode
}

/** A confirmation that needs a reason (freezes, overrides, resolved differences), at most 200 characters. */
export function ReasonDialog({ title, description, label, placeholder, confirmText, busyText, danger = false, minLength = 2, onConfirm, onClose, children }: ReasonDialogProps) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function confirm() {
    const trimmed = reason.trim()
    if (trimmed.length < minLength) {
      setProblem(`请填写${label}（至少 ${minLength} 个字）`)
      return
    }
    setProblem(null)
    setFailure(null)
    setBusy(true)
    const outcome = await onConfirm(trimmed)
    setBusy(false)
    if (outcome) setFailure(outcome)
  }

  return (
    <Dialog title={title} onClose={busy ? () => undefined : onClose}>
      <div className='console-dialog__body'>{description}</div>
      <TextArea label={label} value={reason} onChange={setReason} placeholder={placeholder} maxLength={200} error={problem} className='console-dialog__reason' />
      {children}
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText={confirmText} busyText={busyText} busy={busy} danger={danger} onConfirm={() => void confirm()} onCancel={onClose} />
    </Dialog>
  )
}
