import type { AuditEntryView, AuditQuery } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Button } from '../../console/controls'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'
import { auditActionZh, auditActorZh, auditDetailZh, auditTargetZh } from './audit-labels'

interface Props {
  title: string
  /** Narrows the trail to one target (a card's `id`, a merchant's id) or one type; nothing = every action. */
  query: Pick<AuditQuery, 'targetType' | 'targetId'>
  /** Changes after an action here, so the trail shows it. */
  version: number
}

const COLUMNS: Column<AuditEntryView>[] = [
  { header: '时间', cell: (entry) => shanghaiDateTime(entry.createdAt) },
  { header: '操作', cell: (entry) => auditActionZh(entry.action) },
  { header: '操作人', cell: auditActorZh },
  { header: '对象', cell: auditTargetZh },
  { header: '详情', cell: (entry) => auditDetailZh(entry.detail, { action: entry.action, storeName: entry.storeName }), wrap: true }
]

/** 操作记录: who did what, when and why, newest first. */
export function AuditTrail({ title, query, version }: Props) {
  const trail = usePaged((cursor) => operatorApi.listAudit({ ...query, cursor, limit: 20 }), [query.targetType, query.targetId, version])
  return (
    <ConsoleCard
      className='freeze__audit'
      label={title}
      title={title}
      actions={
        <Button variant='plain' onClick={() => void trail.reload()}>
          刷新
        </Button>
      }
    >
      <PagedView list={trail} loadingText='正在加载操作记录…' emptyText='还没有操作记录'>
        {(items) => <ConsoleTable columns={COLUMNS} rows={items} rowKey={(entry) => entry.id} rowClass={() => 'freeze__audit-row'} />}
      </PagedView>
    </ConsoleCard>
  )
}
