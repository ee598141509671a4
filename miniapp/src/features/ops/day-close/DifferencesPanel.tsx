import { useState } from 'react'
import type { BusinessDate, ReconDifferenceStatus, ReconDifferenceView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, SelectField } from '../../console/controls'
import { ReasonDialog } from '../../console/Dialog'
import { yuanOrDash } from '../../console/format'
import { CHANNEL_ZH, DIFFERENCE_KIND_ZH } from '../../console/labels'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'

const RESOLUTION_ZH: Record<NonNullable<ReconDifferenceView['resolution']>, string> = {
  AUTO_REPAIRED: '已自动修复',
  CLEARED: '复核一致',
  MANUAL: '人工处理'
}

interface Props {
  date: BusinessDate
  /** Changes whenever the reconciliation ran again: the list is fetched anew. */
  version: number
  onResolved: () => void
}

/** 差异: what did not match, and the operator's note for each one handled by hand. */
export function DifferencesPanel({ date, version, onResolved }: Props) {
  const [status, setStatus] = useState<ReconDifferenceStatus | ''>('OPEN')
  const list = usePaged((cursor) => operatorApi.listDifferences({ date, status: status || undefined, cursor, limit: 20 }), [date, status, version])
  const [resolving, setResolving] = useState<ReconDifferenceView | null>(null)

  async function resolve(difference: ReconDifferenceView, note: string): Promise<string | null> {
    const result = await operatorApi.resolveDifference(difference.id, note)
    if (!result.ok) return failureMessageZh(result.failure)
    list.replace((item) => item.id === difference.id, result.data)
    setResolving(null)
    onResolved()
    return null
  }

  const columns: Column<ReconDifferenceView>[] = [
    { header: '渠道', cell: (difference) => CHANNEL_ZH[difference.channel] },
    { header: '差异类型', cell: (difference) => `${DIFFERENCE_KIND_ZH[difference.kind]}${difference.lineKind === 'REFUND' ? ' · 原路退回' : ''}` },
    { header: '订单号', cell: (difference) => difference.outRefundNo ?? difference.outTradeNo, breakable: true },
    { header: '渠道金额', cell: (difference) => yuanOrDash(difference.channelAmountFen), num: true },
    { header: '平台金额', cell: (difference) => yuanOrDash(difference.platformAmountFen), num: true },
    { header: '平台状态', cell: (difference) => difference.platformStatus ?? '—' },
    {
      header: '处理',
      wrap: true,
      cell: (difference) =>
        difference.status === 'OPEN' ? (
          <Button variant='plain' onClick={() => setResolving(difference)}>
            标记已处理
          </Button>
        ) : (
          <>
            <Badge tone='good'>{difference.resolution ? RESOLUTION_ZH[difference.resolution] : '已处理'}</Badge>
            <div className='day-close__note'>{[difference.note, difference.resolvedBy, shanghaiDateTime(difference.resolvedAt)].filter(Boolean).join(' · ')}</div>
          </>
        )
    }
  ]

  return (
    <ConsoleCard
      className='day-close__differences'
      titleId='day-close-differences'
      title='对账差异'
      actions={
        <SelectField
          label='处理状态'
          value={status}
          options={[
            { value: 'OPEN', label: '待处理' },
            { value: 'RESOLVED', label: '已处理' },
            { value: '', label: '全部' }
          ]}
          onChange={(value) => setStatus(value as ReconDifferenceStatus | '')}
        />
      }
    >
      <PagedView list={list} loadingText='正在加载差异…' emptyText={status === 'OPEN' ? '没有待处理的差异' : '没有差异'}>
        {(items) => <ConsoleTable columns={columns} rows={items} rowKey={(difference) => difference.id} rowClass={() => 'day-close__difference'} />}
      </PagedView>
      {resolving && (
        <ReasonDialog
          title='标记差异已处理'
          description={`${CHANNEL_ZH[resolving.channel]} · ${DIFFERENCE_KIND_ZH[resolving.kind]} · 订单号 ${resolving.outRefundNo ?? resolving.outTradeNo}。请写明核实结果和处理方式，会记入审计日志。`}
          label='处理说明'
          placeholder='例如：已与渠道核实，渠道次日补单，款项已到账'
          confirmText='确认已处理'
          busyText='正在提交…'
          onConfirm={(note) => resolve(resolving, note)}
          onClose={() => setResolving(null)}
        />
      )}
    </ConsoleCard>
  )
}
