import type { ReactNode } from 'react'
import './console.css'

interface Props {
  title?: ReactNode
  /** The title's id: the card is then the region labelled by its title. */
  titleId?: string
  /** The card's name when no title labels it. */
  label?: string
  /** Extra classes of a title that stands alone (no actions beside it). */
  titleClassName?: string
  /** Buttons or a badge beside the title. */
  actions?: ReactNode
  className?: string
  as?: 'section' | 'article' | 'div'
  children?: ReactNode
}

/** A white card of the back office: a title (with its actions on the right), then the content. */
export function ConsoleCard({ title, titleId, label, titleClassName, actions, className, as: Tag = 'section', children }: Props) {
  const heading = title === undefined ? null : actions === undefined ? (
    <h2 id={titleId} className={titleClassName ? `console-card__title ${titleClassName}` : 'console-card__title'}>
      {title}
    </h2>
  ) : (
    <div className='console-card__head'>
      <h2 id={titleId} className='console-card__title'>
        {title}
      </h2>
      {actions}
    </div>
  )
  return (
    <Tag className={className ? `console-card ${className}` : 'console-card'} aria-labelledby={titleId} aria-label={label}>
      {heading}
      {children}
    </Tag>
  )
}
