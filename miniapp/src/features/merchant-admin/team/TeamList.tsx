import type { ReactNode } from 'react'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Notice } from '../../console/controls'
import { StatePanel } from '../../ui/StatePanel'
import type { Loaded } from '../../ui/use-load'

interface Props<T> {
  /** The card's class and its title's id (team-staff, team-stores). */
  name: string
  /** 员工, 门店: the card's title, and what the loading state says it loads. */
  title: string
  addLabel: string
  onAdd: () => void
  notice: { tone: 'success' | 'error'; text: string } | null
  list: Loaded<T[]>
  onReload: () => void
  /** The table, once the list is in. */
  table: (rows: T[]) => ReactNode
  /** The dialog, while one is open. */
  children?: ReactNode
}

/** One list of the team page: a console card with its add button and notice, loading and error states, then the table. */
export function TeamList<T>({ name, title, addLabel, onAdd, notice, list, onReload, table, children }: Props<T>) {
  return (
    <ConsoleCard
      className={name}
      titleId={name}
      title={title}
      actions={
        <Button variant='primary' onClick={onAdd}>
          {addLabel}
        </Button>
      }
    >
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {list.status === 'loading' && <StatePanel kind='loading' text={`正在加载${title}…`} />}
      {list.status === 'failed' && <StatePanel kind='error' text={list.messageZh} onRetry={onReload} />}
      {list.status === 'ready' && table(list.data)}
      {children}
    </ConsoleCard>
  )
}
