import { useId, useState } from 'react'
import type { WebhookDeliveryView, WebhookEndpointView } from '@jucard/shared'
import { confirmDialog } from '@/platform/dialog'
import { failureMessageZh } from '../../api'
import { developerApi } from '../../api/developer-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice } from '../../console/controls'
import { PagedView } from '../../console/PagedView'
import { usePaged } from '../../console/use-paged'
import { EVENT_ZH, replaySinceIso, timeOrNever, type NoticeState } from './developer-rules'

/** 推送记录 of one endpoint: every attempt, newest first, 20 a page; send one message again, or all since a time. */
export function DeliveryLog({ endpoint, onClose }: { endpoint: WebhookEndpointView; onClose: () => void }) {
  const log = usePaged((cursor) => developerApi.listWebhookDeliveries(endpoint.id, cursor), [endpoint.id])
  const [notice, setNotice] = useState<NoticeState>(null)
  const [replaying, setReplaying] = useState<string | null>(null)
  const active = endpoint.status === 'ACTIVE'

  async function replayOne(delivery: WebhookDeliveryView) {
    setReplaying(delivery.id)
    const result = await developerApi.replayWebhook(endpoint.id, { messageId: delivery.messageId })
    setReplaying(null)
    setNotice(result.ok ? { tone: 'success', text: `已安排重发消息 ${delivery.messageId}，稍后刷新可以看到新的推送记录` } : { tone: 'error', text: failureMessageZh(result.failure) })
  }

  const columns: Column<WebhookDeliveryView>[] = [
    { header: '时间', cell: (d) => timeOrNever(d.startedAt, '—'), rowHeader: true },
    {
      header: '事件',
      cell: (d) => (
        <>
          {EVENT_ZH[d.eventType]}
          <div className='developer-code'>{d.messageId}</div>
        </>
      ),
      breakable: true
    },
    { header: '次数', cell: (d) => `第 ${d.attempt} 次`, num: true },
    { header: '结果', cell: (d) => <Badge tone={d.succeeded ? 'good' : 'bad'}>{d.succeeded ? '成功' : '失败'}</Badge> },
    { header: '响应码', cell: (d) => (d.responseStatus === null ? '无响应' : String(d.responseStatus)), num: true },
    { header: '耗时', cell: (d) => `${d.durationMs} 毫秒`, num: true },
    { header: '说明', cell: (d) => d.error ?? (d.responseBody ? d.responseBody.slice(0, 120) : ''), wrap: true },
    {
      header: '操作',
      cell: (d) =>
        active ? (
          <Button variant='plain' busyText={replaying === d.id ? '正在安排…' : null} onClick={() => void replayOne(d)}>
            重发
          </Button>
        ) : null
    }
  ]

  return (
    <ConsoleCard
      className='developer-log'
      titleId='developer-log'
      title={`推送记录 · ${endpoint.url}`}
      actions={
        <div className='console-actions'>
          <Button onClick={() => void log.reload()}>刷新</Button>
          <Button variant='plain' onClick={onClose}>
            收起
          </Button>
        </div>
      }
    >
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      {active ? <ReplaySince endpoint={endpoint} onDone={setNotice} /> : <p className='console-card__note'>回调地址已停用，不能重发。</p>}
      <PagedView list={log} loadingText='正在加载推送记录…' emptyText='还没有推送记录。有充值、消费或冲正发生后，几秒内会出现在这里。'>
        {(items) => <ConsoleTable columns={columns} rows={items} rowKey={(d) => d.id} rowClass={(d) => (d.succeeded ? 'developer-log__row' : 'developer-log__row developer-log__row--failed')} />}
      </PagedView>
    </ConsoleCard>
  )
}

/** 批量重发: every message since a time (Shanghai) that this endpoint has not acknowledged, after a confirmation. */
function ReplaySince({ endpoint, onDone }: { endpoint: WebhookEndpointView; onDone: (notice: NoticeState) => void }) {
  const id = useId()
  const [since, setSince] = useState('')
  const [busy, setBusy] = useState(false)

  async function replay() {
    const iso = replaySinceIso(since)
    if (!iso) return onDone({ tone: 'error', text: '请先选择从什么时间开始重发' })
    const confirmed = await confirmDialog({
      title: `重发 ${timeOrNever(iso)} 以来的消息？`,
      content: '这段时间里这个地址没有成功接收的消息会全部重新推送。你的系统应按 webhook-id 去重，同一条消息不要处理两次。',
      confirmText: '确认重发'
    })
    if (!confirmed) return
    setBusy(true)
    const result = await developerApi.replayWebhook(endpoint.id, { since: iso })
    setBusy(false)
    onDone(result.ok ? { tone: 'success', text: result.data.queued === 0 ? '这段时间没有需要重发的消息' : `已安排重发 ${result.data.queued} 条消息` } : { tone: 'error', text: failureMessageZh(result.failure) })
  }

  return (
    <div className='developer-replay'>
      <div className='console-field'>
        <label className='console-field__label' htmlFor={id}>
          从此时间起重发（北京时间）
        </label>
        <input id={id} className='console-field__input' type='datetime-local' value={since} onChange={(event) => setSince(event.target.value)} />
      </div>
      <Button busyText={busy ? '正在安排…' : null} onClick={() => void replay()}>
        重发未成功的消息
      </Button>
    </div>
  )
}
