import type { ReactNode } from 'react'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type ConsoleTableProps } from '../../console/ConsoleTable'
import { Button, Notice } from '../../console/controls'
import { StatePanel } from '../../ui/StatePanel'
import type { ListNotice } from '../../console/use-row-action'
import type { Loaded } from '../../ui/use-load'

interface Props<T> {
  /** The card's class and its title's id (team-staff, team-stores). */
  name: string
  /** 员工, 门店: the card's title, and what the loading state says it loads. */
  title: string
  addLabel: string
  onAdd: () => void
  notice: ListNotice
  /** The list as loaded, and how to load it again (重试). */
  list: { state: Loaded<T[]>; reload: () => unknown }
  /** The table, once the list is in: everything but its rows. */
  table: Omit<ConsoleTableProps<T>, 'rows'>
  /** The dialog, while one is open. */
  children?: ReactNode
}

/** One list of the back office (team, developer, coupons): a console card with its add button and notice, loading and error states, then the table. */
export function TeamList<T>({ name, title, addLabel, onAdd, notice, list: { state: list, reload }, table, children }: Props<T>) {
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
      {list.status === 'failed' && <StatePanel kind='error' text={list.messageZh} onRetry={() => void reload()} />}
      {list.status === 'ready' && <ConsoleTable {...table} rows={list.data} />}
      {children}
    </ConsoleCard>
  )
}
