import { useState } from 'react'
import type { CreateStaffRequest, StaffMemberView, StaffRole, StoreView, UpdateStaffRequest } from '@jucard/shared'
import { failureMessageZh, type StaffMe } from '../../api'
import { merchantAdminApi } from '../../api/merchant-admin-client'
import type { Column } from '../../console/ConsoleTable'
import { Badge, Checkbox, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { ROLE_ZH } from '../../console/labels'
import { RowActions } from '../../console/RowActions'
import { useRowAction, type ListNotice } from '../../console/use-row-action'
import type { Loaded } from '../../ui/use-load'
import { assignableRoles, newStaffProblems, staffActions } from './staff-rules'
import { TeamList } from './TeamList'

interface Props {
  me: StaffMe
  staff: Loaded<StaffMemberView[]>
  stores: StoreView[]
  onReload: () => void
  onSaved: (member: StaffMemberView) => void
}

/** 员工: accounts that sign in at the till or here; add, edit role and stores, deactivate or reactivate. */
export function StaffPanel({ me, staff, stores, onReload, onSaved }: Props) {
  const [editing, setEditing] = useState<StaffMemberView | 'new' | null>(null)
  const [notice, setNotice] = useState<ListNotice>(null)
  const storeName = (id: string) => stores.find((store) => store.id === id)?.name ?? '已删除的门店'

  // 停用 is asked first; 启用 again is not
  const toggle = useRowAction(setNotice, (member: StaffMemberView) => member.id, {
    confirm: (member) => (member.active ? { title: `停用「${member.displayName}」？`, content: '停用后此账号立即不能登录，已登录的设备也会退出。之后可以重新启用。', confirmText: '确认停用' } : null),
    act: (member) => merchantAdminApi.updateStaff(member.id, { active: !member.active }),
    done(member, saved) {
      onSaved(saved)
      return `已${member.active ? '停用' : '启用'}「${member.displayName}」`
    }
  })

  const columns: Column<StaffMemberView>[] = [
    { header: '姓名', cell: (member) => member.displayName, rowHeader: true },
    { header: '账号', cell: (member) => member.username },
    { header: '角色', cell: (member) => ROLE_ZH[member.role] },
    { header: '收款门店', cell: (member) => (member.role === 'CASHIER' ? member.storeIds.map(storeName).join('、') || '未分配' : '全部门店'), wrap: true },
    { header: '状态', cell: (member) => <Badge tone={member.active ? 'good' : 'neutral'}>{member.active ? '正常' : '已停用'}</Badge> },
    {
      header: '操作',
      cell: (member) => {
        const allowed = staffActions(me, member)
        return (
          <RowActions
            actions={[
              allowed.edit && { label: '编辑', onClick: () => setEditing(member) },
              allowed.toggleActive && { label: member.active ? '停用' : '启用', busyText: toggle.busyId === member.id ? '正在保存…' : null, onClick: () => toggle.run(member) }
            ]}
          />
        )
      }
    }
  ]

  return (
    <TeamList
      name='team-staff'
      title='员工'
      addLabel='添加员工'
      onAdd={() => setEditing('new')}
      notice={notice}
      list={{ state: staff, reload: onReload }}
      table={{ columns, rowKey: (member) => member.id, rowClass: 'team-staff__row', muted: (member) => !member.active }}
    >
      {editing && (
        <StaffDialog
          member={editing === 'new' ? null : editing}
          myRole={me.role}
          stores={stores}
          onClose={() => setEditing(null)}
          onSaved={(member) => {
            setEditing(null)
            setNotice({ tone: 'success', text: editing === 'new' ? `已添加员工「${member.displayName}」` : `已保存「${member.displayName}」` })
            onSaved(member)
          }}
        />
      )}
    </TeamList>
  )
}

interface DialogProps {
  member: StaffMemberView | null
  myRole: StaffRole
  stores: StoreView[]
  onClose: () => void
  onSaved: (member: StaffMemberView) => void
}

function StaffDialog({ member, myRole, stores, onClose, onSaved }: DialogProps) {
  const roles = assignableRoles(myRole)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [displayName, setDisplayName] = useState(member?.displayName ?? '')
  const [role, setRole] = useState<Exclude<StaffRole, 'OWNER'>>(member && member.role !== 'OWNER' ? member.role : 'CASHIER')
  const [storeIds, setStoreIds] = useState<string[]>(member?.storeIds ?? [])
  const [problems, setProblems] = useState<Partial<Record<'username' | 'password' | 'displayName', string>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    const found = member ? (displayName.trim() ? {} : { displayName: '请填写姓名' }) : newStaffProblems({ username, password, displayName })
    setProblems(found)
    if (Object.keys(found).length > 0) return
    if (role === 'CASHIER' && storeIds.length === 0) {
      setFailure('收银员至少要分配一个收款门店')
      return
    }
    setFailure(null)
    setSaving(true)
    const result = member
      ? await merchantAdminApi.updateStaff(member.id, { displayName: displayName.trim(), role, storeIds } satisfies UpdateStaffRequest)
      : await merchantAdminApi.createStaff({ username: username.trim(), password, displayName: displayName.trim(), role, storeIds } satisfies CreateStaffRequest)
    setSaving(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onSaved(result.data)
  }

  return (
    <Dialog title={member ? `编辑「${member.displayName}」` : '添加员工'} onClose={saving ? () => undefined : onClose}>
      <div className='console-form'>
        {!member && (
          <>
            <TextField label='登录账号' value={username} onChange={setUsername} maxLength={64} placeholder='例如：lotus-cashier-2' error={problems.username} autoFocus />
            <TextField label='初始密码' type='password' value={password} onChange={setPassword} maxLength={128} error={problems.password} hint='至少 8 位，请当面告知员工' />
          </>
        )}
        <TextField label='姓名' value={displayName} onChange={setDisplayName} maxLength={64} error={problems.displayName} />
        <SelectField label='角色' value={role} options={roles.map((r) => ({ value: r, label: ROLE_ZH[r] }))} onChange={(v) => setRole(v as Exclude<StaffRole, 'OWNER'>)} />
      </div>
      {role === 'CASHIER' ? (
        <fieldset className='team-staff__stores'>
          <legend>收款门店</legend>
          {stores.length === 0 && <p className='console-card__note'>还没有门店，请先添加门店。</p>}
          {stores.map((store) => (
            <Checkbox
              key={store.id}
              label={store.name}
              checked={storeIds.includes(store.id)}
              onChange={(on) => setStoreIds(on ? [...storeIds, store.id] : storeIds.filter((id) => id !== store.id))}
            />
          ))}
        </fieldset>
      ) : (
        <p className='console-card__note'>店长可以在全部门店收款、冲正，并管理卡产品、门店和收银员。</p>
      )}
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='保存' busyText='正在保存…' busy={saving} onConfirm={() => void save()} onCancel={onClose} />
    </Dialog>
  )
}
