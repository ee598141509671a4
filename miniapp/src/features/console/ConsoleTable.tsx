import type { ReactNode } from 'react'
import { StatePanel } from '../ui/StatePanel'
import './console.css'

/** One column of a console table: its header and how a row fills its cell. */
export interface Column<Row> {
  header: string
  cell: (row: Row) => ReactNode
  /** Right-aligned (amounts, counts). */
  num?: boolean
  /** A long identifier that may break anywhere. */
  breakable?: boolean
  /** Free text that may wrap onto several lines. */
  wrap?: boolean
  /** The cell names the row (`<th scope='row'>`), so screen readers announce it with every other cell. */
  rowHeader?: boolean
  /** An extra class for one row's cell, e.g. to flag a difference. */
  cellClass?: (row: Row) => string | undefined
}

export interface ConsoleTableProps<Row> {
  columns: Column<Row>[]
  rows: Row[]
  rowKey: (row: Row) => string | number
  /** Every row's class, or one per row. */
  rowClass?: string | ((row: Row) => string | undefined)
  /** Rows drawn greyed out (stopped, retired, deactivated): still listed, no longer in use. */
  muted?: (row: Row) => boolean
  /** Extra classes of the <table>. */
  className?: string
  /** Shown instead of the table when there are no rows; without it the headers stand alone. */
  emptyText?: string
  /** A last row under the others (合计), in the table's <tfoot>, filled by the same columns. */
  footer?: Row
}

/** The cell's class: numbers right-aligned, long identifiers breakable, free text wrapping. */
export function columnClass<Row>(column: Column<Row>, row?: Row): string | undefined {
  const base = column.num ? 'console-table__num' : column.breakable ? 'console-table__break' : column.wrap ? 'console-table__wrap' : undefined
  const extra = row === undefined ? undefined : column.cellClass?.(row)
  return [base, extra].filter(Boolean).join(' ') || undefined
}

function rowClassName<Row>(row: Row, rowClass: ConsoleTableProps<Row>['rowClass'], muted: ConsoleTableProps<Row>['muted']): string | undefined {
  const own = typeof rowClass === 'function' ? rowClass(row) : rowClass
  return [own, muted?.(row) ? 'console-table__row--muted' : undefined].filter(Boolean).join(' ') || undefined
}

/** A back-office table: native <table> in its scrolling wrap, one row per item. */
export function ConsoleTable<Row>({ columns, rows, rowKey, rowClass, muted, className, emptyText, footer }: ConsoleTableProps<Row>) {
  if (rows.length === 0 && emptyText) return <StatePanel kind='empty' text={emptyText} />
  return (
    <div className='console-table-wrap'>
      <table className={className ? `console-table ${className}` : 'console-table'}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope='col' className={column.num ? 'console-table__num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName(row, rowClass, muted)}>
              <Cells columns={columns} row={row} />
            </tr>
          ))}
        </tbody>
        {footer !== undefined && (
          <tfoot>
            <tr>
              <Cells columns={columns} row={footer} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  )
}

function Cells<Row>({ columns, row }: { columns: Column<Row>[]; row: Row }) {
  return (
    <>
      {columns.map((column) =>
        column.rowHeader ? (
          <th key={column.header} scope='row' className={columnClass(column, row)}>
            {column.cell(row)}
          </th>
        ) : (
          <td key={column.header} className={columnClass(column, row)}>
            {column.cell(row)}
          </td>
        )
      )}
    </>
  )
}
