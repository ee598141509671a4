import { useState } from 'react'
import { REPORT_KINDS, type ReportKind, type ReportQuery } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable } from '../../console/ConsoleTable'
import { Button, LoadMore, Notice, SelectField, TextField } from '../../console/controls'
import { Figures } from '../../console/Figures'
import { usePaged } from '../../console/use-paged'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { REPORT_COLUMNS, REPORT_TOTALS, rowKey, type ReportRow } from './report-columns'
import { defaultFilters, REPORT_KIND_ZH, reportFileName, reportQuery, statusOptions, type ReportFilters } from './report-query'
import './reports.css'

const PAGE_SIZE = 20

/** 报表: top-ups, redemptions or refunds over a date range, filtered, with totals and a CSV export. */
export function Reports() {
  const stores = useLoad(() => merchantAdminApi.listStores(), [])
  const [filters, setFilters] = useState<ReportFilters>(() => defaultFilters())
  const change = (next: Partial<ReportFilters>) => setFilters((current) => ({ ...current, ...next }))
  const checked = reportQuery(filters)
  const storeOptions = [{ value: '', label: '全部门店' }, ...(stores.state.status === 'ready' ? stores.state.data.map((store) => ({ value: store.id, label: store.name })) : [])]

  return (
    <>
      <ConsoleCard className='reports__filters' label='筛选'>
        <div className='reports__kinds' role='group' aria-label='报表类型'>
          {REPORT_KINDS.map((kind) => (
            <button
              key={kind}
              type='button'
              className={`reports__kind${kind === filters.kind ? ' reports__kind--current' : ''}`}
              aria-pressed={kind === filters.kind}
              onClick={() => change({ kind, status: '' })}
            >
              {REPORT_KIND_ZH[kind]}
            </button>
          ))}
        </div>
        <div className='console-form'>
          <TextField label='开始日期' type='date' value={filters.from} onChange={(from) => change({ from })} />
          <TextField label='结束日期' type='date' value={filters.to} onChange={(to) => change({ to })} />
          {filters.kind === 'redemptions' && <SelectField label='门店' value={filters.storeId} options={storeOptions} onChange={(storeId) => change({ storeId })} />}
          <SelectField label='状态' value={filters.status} options={statusOptions(filters.kind)} onChange={(status) => change({ status })} />
        </div>
        {!checked.ok && <Notice tone='error'>{checked.problemZh}</Notice>}
      </ConsoleCard>
      {checked.ok && <ReportResults key={`${filters.kind}:${JSON.stringify(checked.query)}`} kind={filters.kind} query={checked.query} />}
    </>
  )
}

type ExportState = { status: 'idle' } | { status: 'busy' } | { status: 'done'; text: string } | { status: 'failed'; text: string }

function ReportResults<K extends ReportKind>({ kind, query }: { kind: K; query: ReportQuery }) {
  // the query is rebuilt on every render of the filters: compared by value, or each render would fetch again
  const report = usePaged((cursor) => merchantAdminApi.report(kind, { ...query, cursor, limit: PAGE_SIZE }), [kind, JSON.stringify(query)])
  const [exported, setExported] = useState<ExportState>({ status: 'idle' })
  const columns = REPORT_COLUMNS[kind]

  async function exportCsv() {
    setExported({ status: 'busy' })
    const result = await merchantAdminApi.downloadReportCsv(kind, query, reportFileName(kind, query))
    setExported(result.ok ? { status: 'done', text: `已导出 ${result.data.filename}` } : { status: 'failed', text: `导出没有成功：${failureMessageZh(result.failure)}` })
  }

  const { state } = report
  return (
    <ConsoleCard
      className='reports__results'
      label={`${REPORT_KIND_ZH[kind]}报表`}
      title={`${REPORT_KIND_ZH[kind]}报表 · ${query.from} 至 ${query.to}`}
      actions={
        <Button variant='primary' className='reports__export' busyText={exported.status === 'busy' ? '正在导出…' : null} onClick={() => void exportCsv()}>
          导出CSV
        </Button>
      }
    >
      {exported.status === 'done' && <Notice tone='success'>{exported.text}</Notice>}
      {exported.status === 'failed' && <Notice tone='error'>{exported.text}</Notice>}
      {state.status === 'loading' && <StatePanel kind='loading' text='正在查询…' />}
      {state.status === 'failed' && <StatePanel kind='error' text={state.messageZh} onRetry={() => void report.reload()} />}
      {state.status === 'ready' && (
        <>
          <Figures className='reports__totals' items={REPORT_TOTALS[kind](state.first.totals)} />
          {state.items.length === 0 ? (
            <StatePanel kind='empty' text='这段时间没有符合条件的记录' />
          ) : (
            <>
              <ConsoleTable<ReportRow<K>> className='reports__table' columns={columns} rows={state.items} rowKey={rowKey} rowClass={() => 'reports__row'} />
              <LoadMore hasMore={state.nextCursor !== null} loading={state.loadingMore} failedZh={state.moreFailedZh} onLoadMore={() => void report.loadMore()} />
            </>
          )}
        </>
      )}
    </ConsoleCard>
  )
}
