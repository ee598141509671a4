import { useState } from 'react'
import type { WebhookEndpointCreated, WebhookEndpointView, WebhookEventType } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { developerApi } from '../../api/developer-client'
import type { Column } from '../../console/ConsoleTable'
import { Badge, Checkbox, Notice, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { RowActions } from '../../console/RowActions'
import { useRowAction } from '../../console/use-row-action'
import { useLoad } from '../../ui/use-load'
import { TeamList } from '../team/TeamList'
import { DeliveryLog } from './DeliveryLog'
import { endpointStatus, endpointUrlProblem, EVENT_ZH, EVENTS, eventsText, timeOrNever, toggled, upserted, type NoticeState } from './developer-rules'
import { SecretDialog } from './SecretDialog'

/** 回调地址: where JuCard pushes events (Standard Webhooks), each with its delivery log and replay. */
export function WebhooksPanel() {
  const endpoints = useLoad(() => developerApi.listWebhookEndpoints(), [])
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null)
  const [logOf, setLogOf] = useState<WebhookEndpointView | null>(null)
  const [notice, setNotice] = useState<NoticeState>(null)

  function put(endpoint: WebhookEndpointView) {
    if (endpoints.state.status === 'ready') endpoints.set(upserted(endpoints.state.data, endpoint, (e) => e.id))
    if (logOf?.id === endpoint.id) setLogOf(endpoint)
  }

  const disable = useRowAction(setNotice, (endpoint: WebhookEndpointView) => endpoint.id, {
    confirm: (endpoint) => ({ title: `停用回调地址 ${endpoint.url}？`, content: '停用后不再向它推送任何事件，也不能重发，且不能恢复；需要时可以重新添加。', confirmText: '确认停用' }),
    act: (endpoint) => developerApi.disableWebhookEndpoint(endpoint.id),
    done(endpoint, disabled) {
      put(disabled)
      return `已停用回调地址 ${endpoint.url}`
    }
  })

  const columns: Column<WebhookEndpointView>[] = [
    {
      header: '地址',
      rowHeader: true,
      breakable: true,
      cell: (e) => (
        <>
          <span className='developer-code'>{e.url}</span>
          {e.description && <div className='console-card__note'>{e.description}</div>}
        </>
      )
    },
    { header: '事件', cell: (e) => eventsText(e.eventTypes), wrap: true },
    { header: '创建时间', cell: (e) => timeOrNever(e.createdAt) },
    {
      header: '状态',
      cell: (e) => {
        const status = endpointStatus(e)
        return (
          <>
            <Badge tone={status.tone}>{status.zh}</Badge>
            {e.status === 'ACTIVE' && e.failingSince && <div className='console-card__note'>自 {timeOrNever(e.failingSince)} 起推送失败，连续 5 天失败将自动停用</div>}
            {e.status === 'DISABLED' && e.disabledReason && <div className='console-card__note'>{disabledReasonZh(e.disabledReason)}</div>}
          </>
        )
      }
    },
    {
      header: '操作',
      cell: (e) => (
        <RowActions
          actions={[
            { label: '推送记录', onClick: () => setLogOf(e) },
            e.status === 'ACTIVE' && { label: '停用', busyText: disable.busyId === e.id ? '正在停用…' : null, onClick: () => disable.run(e) }
          ]}
        />
      )
    }
  ]

  return (
    <>
      <TeamList
        name='developer-webhooks'
        title='回调地址'
        addLabel='添加回调地址'
        onAdd={() => setCreating(true)}
        notice={notice}
        list={endpoints}
        table={{ columns, rowKey: (e) => e.id, rowClass: 'developer-webhooks__row', muted: (e) => e.status === 'DISABLED', emptyText: '还没有回调地址。添加后，领卡、充值、消费、冲正、退卡、优惠券和结算打款会实时推送到你的系统。' }}
      >
        {creating && (
          <CreateEndpointDialog
            onClose={() => setCreating(false)}
            onCreated={(endpoint) => {
              setCreating(false)
              setNotice({ tone: 'success', text: `已添加回调地址 ${endpoint.url}` })
              put(endpoint)
              setCreated(endpoint)
            }}
          />
        )}
        {created && (
          <SecretDialog
            title='回调地址已添加'
            label='签名密钥'
            secret={created.secret}
            details={[
              { label: '地址', value: created.url },
              { label: '事件', value: eventsText(created.eventTypes) }
            ]}
            onClose={() => setCreated(null)}
          />
        )}
      </TeamList>
      {logOf && <DeliveryLog key={logOf.id} endpoint={logOf} onClose={() => setLogOf(null)} />}
    </>
  )
}

/** The BFF's reasons (webhooks.service.ts, webhook-delivery.job.ts) in words for the owner. */
function disabledReasonZh(reason: string): string {
  if (reason === 'disabled by the merchant') return '由店主停用'
  if (reason === 'every delivery failed for 5 days') return '连续 5 天推送失败，已自动停用'
  return reason
}

function CreateEndpointDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (endpoint: WebhookEndpointCreated) => void }) {
  const [url, setUrl] = useState('')
  const [description, setDescription] = useState('')
  const [events, setEvents] = useState<WebhookEventType[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    const found = endpointUrlProblem(url)
    setProblem(found)
    if (found) return
    setFailure(null)
    setSaving(true)
    const result = await developerApi.createWebhookEndpoint({ url: url.trim(), ...(description.trim() ? { description: description.trim() } : {}), eventTypes: events })
    setSaving(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onCreated(result.data)
  }

  return (
    <Dialog title='添加回调地址' onClose={saving ? () => undefined : onClose}>
      <div className='console-form'>
        <TextField label='接收地址' value={url} onChange={setUrl} maxLength={500} placeholder='https://erp.example.com/jucard/webhooks' error={problem} autoFocus />
        <TextField label='备注（选填）' value={description} onChange={setDescription} maxLength={100} placeholder='例如：ERP 订单同步' />
      </div>
      <fieldset className='developer-picks'>
        <legend>推送哪些事件</legend>
        {EVENTS.map((type) => (
          <Checkbox key={type} label={EVENT_ZH[type]} checked={events.includes(type)} onChange={(on) => setEvents(toggled(events, type, on))} />
        ))}
        <p className='console-card__note'>都不选表示推送全部事件，以后新增的事件类型也会推送。</p>
      </fieldset>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='添加' busyText='正在添加…' busy={saving} onConfirm={() => void save()} onCancel={onClose} />
    </Dialog>
  )
}
