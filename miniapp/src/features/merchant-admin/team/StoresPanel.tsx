import { useState } from 'react'
import type { StoreView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import { Button, Notice, TextField } from '../../console/controls'
import { Dialog } from '../../console/Dialog'
import { StatePanel } from '../../ui/StatePanel'
import type { Loaded } from '../../ui/use-load'

interface Props {
  stores: Loaded<StoreView[]>
  onReload: () => void
  onSaved: (store: StoreView) => void
}

/** 门店: every store of the merchant, add one, rename or move one. */
export function StoresPanel({ stores, onReload, onSaved }: Props) {
  const [editing, setEditing] = useState<StoreView | 'new' | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  return (
    <section className='console-card team-stores' aria-labelledby='team-stores'>
      <div className='console-card__head'>
        <h2 id='team-stores' className='console-card__title'>
          门店
        </h2>
        <Button variant='primary' onClick={() => setEditing('new')}>
          添加门店
        </Button>
      </div>
      {notice && <Notice tone='success'>{notice}</Notice>}
      {stores.status === 'loading' && <StatePanel kind='loading' text='正在加载门店…' />}
      {stores.status === 'failed' && <StatePanel kind='error' text={stores.messageZh} onRetry={onReload} />}
      {stores.status === 'ready' && stores.data.length === 0 && <StatePanel kind='empty' text='还没有门店。添加门店后，才能给员工分配收款门店。' />}
      {stores.status === 'ready' && stores.data.length > 0 && (
        <div className='console-table-wrap'>
          <table className='console-table'>
            <thead>
              <tr>
                <th scope='col'>门店名称</th>
                <th scope='col'>地址</th>
                <th scope='col'>操作</th>
              </tr>
            </thead>
            <tbody>
              {stores.data.map((store) => (
                <tr key={store.id} className='team-stores__row'>
                  <th scope='row'>{store.name}</th>
                  <td className='console-table__wrap'>{store.address}</td>
                  <td>
                    <Button variant='plain' onClick={() => setEditing(store)}>
                      编辑
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
    </section>
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
      <div className='console-dialog__actions'>
        <Button variant='plain' disabled={saving} onClick={onClose}>
          取消
        </Button>
        <Button variant='primary' busyText={saving ? '正在保存…' : null} onClick={() => void save()}>
          保存
        </Button>
      </div>
    </Dialog>
  )
}
