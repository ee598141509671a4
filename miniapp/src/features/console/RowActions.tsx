import { Button } from './controls'

/** One action of a table row: a plain button, showing `busyText` while it runs. */
export interface RowAction {
  label: string
  onClick: () => void
  busyText?: string | null
  disabled?: boolean
}

/**
 * A table row's actions (编辑, 停用, 推送记录 …): plain buttons side by side. An entry that is `false` (not allowed for
 * this row or this person) is left out.
 */
export function RowActions({ actions }: { actions: Array<RowAction | false> }) {
  return (
    <div className='console-actions'>
      {actions
        .filter((action): action is RowAction => action !== false)
        .map((action) => (
          <Button key={action.label} variant='plain' busyText={action.busyText ?? null} disabled={action.disabled} onClick={action.onClick}>
            {action.label}
          </Button>
        ))}
    </div>
  )
}
