import { useState } from 'react'
import type { StoreView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import type { Column } from '../../console/ConsoleTable'
import { Button, Notice, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import type { Loaded } from '../../ui/use-load'
import { TeamList } from './TeamList'

interface Props {
  stores: Loaded<StoreView[]>
  onReload: () => void
  onSaved: (store: StoreView) => void
}

/** 门店: every store of the merchant, add one, rename or move one. */
export function StoresPanel({ stores, onReload, onSaved }: Props) {
  const [editing, setEditing] = useState<StoreView | 'new' | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const columns: Column<StoreView>[] = [
    { header: '门店名称', cell: (store) => store.name, rowHeader: true },
    { header: '地址', cell: (store) => store.address, wrap: true },
    {
      header: '操作',
      cell: (store) => (
        <Button variant='plain' onClick={() => setEditing(store)}>
          编辑
        </Button>
      )
    }
  ]

  return (
    <TeamList
      name='team-stores'
      title='门店'
      addLabel='添加门店'
      onAdd={() => setEditing('new')}
      notice={notice === null ? null : { tone: 'success', text: notice }}
      list={{ state: stores, reload: onReload }}
      table={{ columns, rowKey: (store) => store.id, rowClass: 'team-stores__row', emptyText: '还没有门店。添加门店后，才能给员工分配收款门店。' }}
    >
      {editing && (
        <StoreDialog
          store={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(store) => {
            setEditing(null)
            setNotice(editing === 'new' ? `已添加门店「${store.name}」` : `已保存门店「${store.name}」`)
            onSaved(store)
          }}
        />
      )}
    </TeamList>
  )
}

function StoreDialog({ store, onClose, onSaved }: { store: StoreView | null; onClose: () => void; onSaved: (store: StoreView) => void }) {
  const [name, setName] = useState(store?.name ?? '')
  const [address, setAddress] = useState(store?.address ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    const body = { name: name.trim(), address: address.trim() }
    if (!body.name || !body.address) {
      setProblem('请填写门店名称和地址')
      return
    }
    setSaving(true)
    setProblem(null)
    const result = store ? await merchantAdminApi.updateStore(store.id, body) : await merchantAdminApi.createStore(body)
    setSaving(false)
    if (!result.ok) setProblem(failureMessageZh(result.failure))
    else onSaved(result.data)
  }

  return (
    <Dialog title={store ? '编辑门店' : '添加门店'} onClose={saving ? () => undefined : onClose}>
      <div className='console-form'>
        <TextField label='门店名称' value={name} onChange={setName} maxLength={64} placeholder='例如：静安店' autoFocus />
        <TextField label='地址' value={address} onChange={setAddress} maxLength={200} placeholder='例如：上海市静安区南京西路 1 号' />
      </div>
      {problem && <Notice tone='error'>{problem}</Notice>}
      <DialogActions confirmText='保存' busyText='正在保存…' busy={saving} onConfirm={() => void save()} onCancel={onClose} />
    </Dialog>
  )
}
