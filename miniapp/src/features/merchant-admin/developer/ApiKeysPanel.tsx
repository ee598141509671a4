import { useState } from 'react'
import type { ApiKeyCreated, ApiKeyScope, ApiKeyView, StoreView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { developerApi } from '../../api/developer-client'
import type { Column } from '../../console/ConsoleTable'
import { Badge, Checkbox, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { RowActions } from '../../console/RowActions'
import { useRowAction } from '../../console/use-row-action'
import { useLoad } from '../../ui/use-load'
import { TeamList } from '../team/TeamList'
import {
  DEFAULT_OVERLAP_SECONDS,
  keyDraftProblems,
  keyStatus,
  OVERLAP_OPTIONS,
  overlapExplanation,
  SCOPE_ZH,
  SCOPES,
  scopesText,
  timeOrNever,
  toggled,
  upserted,
  type KeyDraft,
  type NoticeState
} from './developer-rules'
import { SecretDialog } from './SecretDialog'

/** 接口密钥: keys the merchant's own systems sign requests with; create, rotate with an overlap, stop. */
export function ApiKeysPanel({ stores }: { stores: StoreView[] }) {
  const keys = useLoad(() => developerApi.listApiKeys(), [])
  const [creating, setCreating] = useState(false)
  const [rotating, setRotating] = useState<ApiKeyView | null>(null)
  const [secret, setSecret] = useState<{ key: ApiKeyCreated; rotated: boolean } | null>(null)
  const [notice, setNotice] = useState<NoticeState>(null)
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? '已删除的门店'

  function put(key: ApiKeyView) {
    if (keys.state.status === 'ready') keys.set(upserted(keys.state.data, key, (k) => k.appKey))
  }

  const revoke = useRowAction(setNotice, (key: ApiKeyView) => key.appKey, {
    confirm: (key) => ({ title: `停用密钥「${key.name}」？`, content: '停用后，用这个密钥签名的请求立即被拒绝（新旧密钥都不能再用），且不能恢复。如只是怀疑泄露，也可以先更换密钥。', confirmText: '确认停用' }),
    act: (key) => developerApi.revokeApiKey(key.appKey),
    done(key, revoked) {
      put(revoked)
      return `已停用密钥「${key.name}」`
    }
  })

  /** A key just made or rotated: in the list, and its secret shown this once. */
  function issued(key: ApiKeyCreated, rotated: boolean) {
    setCreating(false)
    setRotating(null)
    setNotice({ tone: 'success', text: `已${rotated ? '更换' : '新建'}密钥「${key.name}」` })
    put(key)
    setSecret({ key, rotated })
  }

  const columns: Column<ApiKeyView>[] = [
    {
      header: '名称',
      rowHeader: true,
      breakable: true,
      cell: (key) => (
        <>
          {key.name}
          <br />
          <span className='developer-code'>{key.appKey}</span>
        </>
      )
    },
    { header: '权限', cell: (key) => scopesText(key.scopes), wrap: true },
    { header: '门店', cell: (key) => key.storeIds.map(storeName).join('、'), wrap: true },
    { header: '创建时间', cell: (key) => timeOrNever(key.createdAt) },
    { header: '最近使用', cell: (key) => timeOrNever(key.lastUsedAt) },
    {
      header: '状态',
      cell: (key) => {
        const status = keyStatus(key)
        return (
          <>
            <Badge tone={status.tone}>{status.zh}</Badge>
            {key.status === 'ACTIVE' && key.previousSecretValidUntil && <div className='console-card__note'>旧密钥 {timeOrNever(key.previousSecretValidUntil)} 失效</div>}
          </>
        )
      }
    },
    {
      header: '操作',
      cell: (key) =>
        key.status === 'ACTIVE' ? (
          <RowActions
            actions={[
              { label: '更换密钥', onClick: () => setRotating(key) },
              { label: '停用', busyText: revoke.busyId === key.appKey ? '正在停用…' : null, onClick: () => revoke.run(key) }
            ]}
          />
        ) : (
          `${timeOrNever(key.revokedAt, '')} 停用`
        )
    }
  ]

  return (
    <TeamList
      name='developer-keys'
      title='接口密钥'
      addLabel='新建密钥'
      onAdd={() => setCreating(true)}
      notice={notice}
      list={keys}
      table={{ columns, rowKey: (key) => key.appKey, rowClass: 'developer-keys__row', muted: (key) => key.status === 'REVOKED', emptyText: '还没有接口密钥。你的收银、ERP 或会员系统需要调用聚卡开放接口时，在这里新建一个。' }}
    >
      {creating && <CreateKeyDialog stores={stores} onClose={() => setCreating(false)} onCreated={(key) => issued(key, false)} />}
      {rotating && <RotateKeyDialog apiKey={rotating} onClose={() => setRotating(null)} onRotated={(key) => issued(key, true)} />}
      {secret && (
        <SecretDialog
          title={secret.rotated ? '新的密钥' : '密钥已创建'}
          label='App Secret'
          secret={secret.key.appSecret}
          details={[
            { label: '名称', value: secret.key.name },
            { label: 'App Key', value: secret.key.appKey }
          ]}
          onClose={() => setSecret(null)}
        />
      )}
    </TeamList>
  )
}

function CreateKeyDialog({ stores, onClose, onCreated }: { stores: StoreView[]; onClose: () => void; onCreated: (key: ApiKeyCreated) => void }) {
  const [draft, setDraft] = useState<KeyDraft>({ name: '', scopes: [], storeIds: stores.length === 1 ? [stores[0]!.id] : [] })
  const [problems, setProblems] = useState<ReturnType<typeof keyDraftProblems>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    const found = keyDraftProblems(draft)
    setProblems(found)
    if (Object.keys(found).length > 0) return
    setFailure(null)
    setSaving(true)
    const result = await developerApi.createApiKey({ ...draft, name: draft.name.trim() })
    setSaving(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onCreated(result.data)
  }

  return (
    <Dialog title='新建接口密钥' onClose={saving ? () => undefined : onClose}>
      <div className='console-form'>
        <TextField label='名称' value={draft.name} onChange={(name) => setDraft({ ...draft, name })} maxLength={64} placeholder='例如：ERP 对接' error={problems.name} autoFocus />
      </div>
      <fieldset className='developer-picks'>
        <legend>权限</legend>
        {SCOPES.map((scope: ApiKeyScope) => (
          <Checkbox
            key={scope}
            label={`${SCOPE_ZH[scope].zh}：${SCOPE_ZH[scope].hint}`}
            checked={draft.scopes.includes(scope)}
            onChange={(on) => setDraft({ ...draft, scopes: toggled(draft.scopes, scope, on) })}
          />
        ))}
        {problems.scopes && <Notice tone='error'>{problems.scopes}</Notice>}
      </fieldset>
      <fieldset className='developer-picks'>
        <legend>门店</legend>
        {stores.length === 0 && <p className='console-card__note'>还没有门店，请先在「门店与员工」里添加门店。</p>}
        {stores.map((store) => (
          <Checkbox
            key={store.id}
            label={draft.storeIds[0] === store.id ? `${store.name}（收款门店）` : store.name}
            checked={draft.storeIds.includes(store.id)}
            onChange={(on) => setDraft({ ...draft, storeIds: toggled(draft.storeIds, store.id, on) })}
          />
        ))}
        <p className='console-card__note'>密钥只能操作选中门店的业务；通过接口收款时，记在第一个选中的门店。</p>
        {problems.storeIds && <Notice tone='error'>{problems.storeIds}</Notice>}
      </fieldset>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='创建密钥' busyText='正在创建…' busy={saving} onConfirm={() => void save()} onCancel={onClose} />
    </Dialog>
  )
}

function RotateKeyDialog({ apiKey, onClose, onRotated }: { apiKey: ApiKeyView; onClose: () => void; onRotated: (key: ApiKeyCreated) => void }) {
  const [overlap, setOverlap] = useState(DEFAULT_OVERLAP_SECONDS)
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function rotate() {
    setFailure(null)
    setSaving(true)
    const result = await developerApi.rotateApiKey(apiKey.appKey, overlap)
    setSaving(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onRotated(result.data)
  }

  return (
    <Dialog title={`更换密钥「${apiKey.name}」`} onClose={saving ? () => undefined : onClose}>
      <div className='console-dialog__body'>App Key 不变，生成一个新的 App Secret。</div>
      <SelectField
        label='旧密钥继续可用'
        value={String(overlap)}
        options={OVERLAP_OPTIONS.map((o) => ({ value: String(o.seconds), label: o.label }))}
        onChange={(value) => setOverlap(Number(value))}
      />
      <Notice tone='info'>{overlapExplanation(overlap)}</Notice>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='确认更换' busyText='正在更换…' busy={saving} danger={overlap === 0} onConfirm={() => void rotate()} onCancel={onClose} />
    </Dialog>
  )
}
