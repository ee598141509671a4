import './console.css'

export interface Figure {
  label: string
  value: string
  /** A second line: a count, a part of the amount. */
  sub?: string
  strong?: boolean
}

/** Key numbers as text (a description list), the way every chart's figures are also given. */
export function Figures({ items, className = '' }: { items: Figure[]; className?: string }) {
  return (
    <dl className={`console-figures ${className}`.trim()}>
      {items.map((item) => (
        <div key={item.label} className={`console-figure${item.strong ? ' console-figure--strong' : ''}`}>
          <dt className='console-figure__label'>{item.label}</dt>
          <dd className='console-figure__value'>{item.value}</dd>
          {item.sub && <dd className='console-figure__sub'>{item.sub}</dd>}
        </div>
      ))}
    </dl>
  )
}
