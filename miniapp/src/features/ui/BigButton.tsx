import { View, Text } from '@tarojs/components'
import './ui.css'

interface Props {
  children: string
  onClick: () => void
  variant?: 'primary' | 'secondary' | 'danger' | 'plain'
  disabled?: boolean
  /** Shown instead of the label while the action runs; the button ignores taps meanwhile. */
  busyText?: string | null
  className?: string
}

/** A full-width button sized for a thumb or a finger at a counter (at least 48 CSS px tall). */
export function BigButton({ children, onClick, variant = 'primary', disabled = false, busyText = null, className = '' }: Props) {
  const inactive = disabled || busyText !== null
  return (
    <View
      className={`big-button big-button--${variant}${inactive ? ' big-button--disabled' : ''} ${className}`}
      hoverClass={inactive ? 'none' : 'big-button--pressed'}
      role='button'
      aria-disabled={inactive}
      aria-busy={busyText !== null}
      onClick={() => {
        if (!inactive) onClick()
      }}
    >
      <Text>{busyText ?? children}</Text>
    </View>
  )
}
