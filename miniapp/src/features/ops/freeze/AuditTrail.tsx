import type { AuditQuery } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
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

/** 操作记录: who did what, when and why, newest first. */
export function AuditTrail({ title, query, version }: Props) {
  const trail = usePaged((cursor) => operatorApi.listAudit({ ...query, cursor, limit: 20 }), [query.targetType, query.targetId, version])
  return (
    <section className='console-card freeze__audit' aria-label={title}>
      <div className='console-card__head'>
        <h2 className='console-card__title'>{title}</h2>
        <Button variant='plain' onClick={() => void trail.reload()}>
          刷新
        </Button>
      </div>
      <PagedView list={trail} loadingText='正在加载操作记录…' emptyText='还没有操作记录'>
        {(items) => (
          <div className='console-table-wrap'>
            <table className='console-table'>
              <thead>
                <tr>
                  <th scope='col'>时间</th>
                  <th scope='col'>操作</th>
                  <th scope='col'>操作人</th>
                  <th scope='col'>对象</th>
                  <th scope='col'>详情</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <tr key={entry.id} className='freeze__audit-row'>
                    <td>{shanghaiDateTime(entry.createdAt)}</td>
                    <td>{auditActionZh(entry.action)}</td>
                    <td>{auditActorZh(entry)}</td>
                    <td>{auditTargetZh(entry)}</td>
                    <td className='console-table__wrap'>{auditDetailZh(entry.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  )
}
