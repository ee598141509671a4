import { useId, type ReactNode } from 'react'
import './console.css'

/*
 * Form controls of the back office and the operator console. Those pages are H5 only (app.config.ts), used at a
 * desk as much as on a phone: native <button>, <input>, <select> and <table> give keyboard use, labels that
 * screen readers announce, the browser's own date picker, and tables that read as tables.
 */

interface ButtonProps {
  children: ReactNode
  onClick: () => void
  variant?: 'primary' | 'secondary' | 'danger' | 'plain'
  /** Shown instead of the label while the action runs; the button is disabled meanwhile. */
  busyText?: string | null
  disabled?: boolean
  className?: string
}

export function Button({ children, onClick, variant = 'secondary', busyText = null, disabled = false, className = '' }: ButtonProps) {
  return (
    <button
      type='button'
      className={`console-button console-button--${variant} ${className}`.trim()}
      disabled={disabled || busyText !== null}
      aria-busy={busyText !== null}
      onClick={onClick}
    >
      {busyText ?? children}
    </button>
  )
}

interface FieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  error?: string | null
  hint?: string
  type?: 'text' | 'password' | 'date' | 'number'
  inputMode?: 'text' | 'decimal' | 'numeric'
  maxLength?: number
  className?: string
  autoFocus?: boolean
  onEnter?: () => void
}

/** A labelled text field; the hint or the error (when there is one) is announced with it. */
export function TextField({ label, value, onChange, placeholder, error, hint, type = 'text', inputMode, maxLength, className = '', autoFocus, onEnter }: FieldProps) {
  const id = useId()
  const note = error ?? hint
  return (
    <FieldFrame id={id} label={label} className={className} error={error} hint={hint}>
      <input
        id={id}
        className={`console-field__input${error ? ' console-field__input--invalid' : ''}`}
        type={type}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        maxLength={maxLength}
        autoFocus={autoFocus}
        autoComplete={type === 'password' ? 'current-password' : 'off'}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && onEnter) onEnter()
        }}
      />
    </FieldFrame>
  )
}

/** A labelled multi-line field (reasons, notes). */
export function TextArea({ label, value, onChange, placeholder, error, maxLength, className = '' }: Omit<FieldProps, 'type' | 'inputMode' | 'onEnter' | 'hint' | 'autoFocus'>) {
  const id = useId()
  return (
    <FieldFrame id={id} label={label} className={className} error={error}>
      <textarea
        id={id}
        className={`console-field__input console-field__textarea${error ? ' console-field__input--invalid' : ''}`}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  )
}

/** What every field shares: the box, its label tied to the control by id, the control, then its note if any. */
function FieldFrame({ id, label, className, error, hint, children }: { id: string; label: string; className: string; error?: string | null; hint?: string; children: ReactNode }) {
  return (
    <div className={`console-field ${className}`.trim()}>
      <label className='console-field__label' htmlFor={id}>
        {label}
      </label>
      {children}
      <FieldNote id={`${id}-note`} error={error} hint={hint} />
    </div>
  )
}

function FieldNote({ id, error, hint }: { id: string; error?: string | null; hint?: string }) {
  if (error) {
    return (
      <span id={id} className='console-field__error' role='alert'>
        {error}
      </span>
    )
  }
  return hint ? (
    <span id={id} className='console-field__hint'>
      {hint}
    </span>
  ) : null
}

export interface Option {
  value: string
  label: string
}

export function SelectField({
  label,
  value,
  options,
  onChange,
  className = '',
  error,
  hint
}: {
  label: string
  value: string
  options: Option[]
  onChange: (value: string) => void
  className?: string
  error?: string | null
  hint?: string
}) {
  const id = useId()
  return (
    <FieldFrame id={id} label={label} className={className} error={error} hint={hint}>
      <select
        id={id}
        className={`console-field__input console-field__select${error ? ' console-field__input--invalid' : ''}`}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className='console-check'>
      <input type='checkbox' checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  )
}

/** A one-line message above a form or list: what just happened, or what went wrong. */
export function Notice({ tone, children }: { tone: 'info' | 'success' | 'error'; children: ReactNode }) {
  return (
    <p className={`console-notice console-notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  )
}

/** A status word in a coloured pill. */
export function Badge({ tone, children }: { tone: 'neutral' | 'good' | 'warn' | 'bad'; children: ReactNode }) {
  return <span className={`console-badge console-badge--${tone}`}>{children}</span>
}

/** "加载更多" under a paginated list, with its own loading and failure text. */
export function LoadMore({ hasMore, loading, failedZh, onLoadMore }: { hasMore: boolean; loading: boolean; failedZh: string | null; onLoadMore: () => void }) {
  if (!hasMore && !failedZh) return null
  return (
    <div className='console-more'>
      {failedZh && (
        <span className='console-more__error' role='alert'>
          {failedZh}
        </span>
      )}
      {hasMore && (
        <Button className='console-more__button' busyText={loading ? '正在加载…' : null} onClick={onLoadMore}>
          加载更多
        </Button>
      )}
    </div>
  )
}
