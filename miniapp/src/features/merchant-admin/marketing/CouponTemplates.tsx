import { useState } from 'react'
import { couponTermsLabel, type CouponTemplateView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import type { Column } from '../../console/ConsoleTable'
import { Badge, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { RowActions } from '../../console/RowActions'
import { useRowAction, type ListNotice } from '../../console/use-row-action'
import { useLoad } from '../../ui/use-load'
import { newIdempotencyKey } from '../../wallet/idempotency'
import { TeamList } from '../team/TeamList'
import { checkDraft, EMPTY_DRAFT, validityText, type CouponDraft, type DraftProblems } from './coupon-draft'
import { couponsAdminApi } from './coupons-client'

/** 优惠券: the merchant's coupon templates — create, 发券 to one member, 停止发放 after a confirmation. */
export function CouponTemplates() {
  const templates = useLoad(() => couponsAdminApi.listTemplates(), [])
  const [creating, setCreating] = useState(false)
  const [issuing, setIssuing] = useState<CouponTemplateView | null>(null)
  const [notice, setNotice] = useState<ListNotice>(null)

  function put(template: CouponTemplateView) {
    if (templates.state.status !== 'ready') return
    const rest = templates.state.data.filter((t) => t.id !== template.id)
    templates.set(templates.state.data.some((t) => t.id === template.id) ? templates.state.data.map((t) => (t.id === template.id ? template : t)) : [template, ...rest])
  }

  const stop = useRowAction(setNotice, (template: CouponTemplateView) => template.id, {
    confirm: (template) => ({ title: `停止发放「${template.name}」？`, content: '停止后不能再发券，领券链接也会失效，且不能恢复；顾客已经领到的券仍可在有效期内使用。', confirmText: '确认停止' }),
    act: (template) => couponsAdminApi.stopTemplate(template.id),
    done(template, stopped) {
      put(stopped)
      return `「${template.name}」已停止发放`
    }
  })

  const columns: Column<CouponTemplateView>[] = [
    { header: '名称', rowHeader: true, cell: (t) => t.name },
    { header: '优惠', cell: (t) => couponTermsLabel(t) },
    { header: '有效期', cell: (t) => validityText(t), wrap: true },
    { header: '已发 / 总量', cell: (t) => `${t.issuedCount} / ${t.totalQuantity}（每人限 ${t.perConsumerLimit} 张）` },
    { header: '状态', cell: (t) => (t.status === 'ACTIVE' ? <Badge tone='good'>发放中</Badge> : <Badge tone='neutral'>已停止</Badge>) },
    {
      header: '操作',
      cell: (t) =>
        t.status === 'ACTIVE' ? (
          <RowActions
            actions={[
              { label: '发券', disabled: t.issuedCount >= t.totalQuantity, onClick: () => setIssuing(t) },
              { label: '停止发放', busyText: stop.busyId === t.id ? '正在停止…' : null, onClick: () => stop.run(t) }
            ]}
          />
        ) : (
          '—'
        )
    }
  ]

  return (
    <TeamList
      name='coupon-templates'
      title='优惠券'
      addLabel='新建优惠券'
      onAdd={() => setCreating(true)}
      notice={notice}
      list={templates}
      table={{ columns, rowKey: (t) => t.id, muted: (t) => t.status === 'STOPPED', emptyText: '还没有优惠券。新建一张满减券或折扣券，再发给会员或分享领券链接。' }}
    >
      {creating && (
        <CreateTemplateDialog
          onClose={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false)
            setNotice({ tone: 'success', text: `已新建优惠券「${t.name}」` })
            put(t)
          }}
        />
      )}
      {issuing && (
        <IssueDialog
          template={issuing}
          onClose={() => setIssuing(null)}
          onIssued={() => {
            setIssuing(null)
            setNotice({ tone: 'success', text: `已向会员发放「${issuing.name}」` })
            void templates.reload()
          }}
        />
      )}
    </TeamList>
  )
}

function CreateTemplateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (t: CouponTemplateView) => void }) {
  const [draft, setDraft] = useState<CouponDraft>(EMPTY_DRAFT)
  const [problems, setProblems] = useState<DraftProblems>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const field = (key: keyof CouponDraft, label: string, placeholder: string) => (
    <TextField label={label} value={draft[key]} onChange={(value) => setDraft({ ...draft, [key]: value })} placeholder={placeholder} error={problems[key]} />
  )

  async function save() {
    const checked = checkDraft(draft)
    if (!checked.ok) return setProblems(checked.problems)
    setProblems({})
    setFailure(null)
    setSaving(true)
    const result = await couponsAdminApi.createTemplate(checked.input)
    setSaving(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onCreated(result.data)
  }

  return (
    <Dialog title='新建优惠券' onClose={saving ? () => undefined : onClose}>
      <div className='console-form'>
        {field('name', '名称', '例如：新客满100减10')}
        <SelectField
          label='类型'
          value={draft.kind}
          options={[
            { value: 'AMOUNT_OFF', label: '满减券' },
            { value: 'PERCENT_OFF', label: '折扣券' }
          ]}
          onChange={(kind) => setDraft({ ...draft, kind: kind as CouponDraft['kind'] })}
        />
        {field('thresholdYuan', '使用门槛（元，满多少可用）', '不填为无门槛')}
        {draft.kind === 'AMOUNT_OFF' ? field('amountOffYuan', '减免金额（元）', '例如：10') : field('rateText', '折扣（折）', '例如：9 表示 9 折')}
        {draft.kind === 'PERCENT_OFF' && field('capYuan', '最高减免（元）', '不填为不设上限')}
        {field('validDaysText', '有效天数（领取后）', '例如：30')}
        {field('perConsumerLimitText', '每人限领（张）', '例如：1')}
        {field('totalQuantityText', '发行总量（张）', '例如：100')}
      </div>
      <p className='console-card__note'>券在该商家全部门店可用；建好后券的优惠和数量不能再改，可以随时停止发放。</p>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='创建' busyText='正在创建…' busy={saving} onConfirm={() => void save()} onCancel={onClose} />
    </Dialog>
  )
}

function IssueDialog({ template, onClose, onIssued }: { template: CouponTemplateView; onClose: () => void; onIssued: () => void }) {
  const [member, setMember] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  // one request number for this dialog: a resend after a timeout issues the coupon once
  const [requestNo] = useState(() => newIdempotencyKey('ISSUE'))

  async function send() {
    const text = member.replace(/\s+/g, '')
    const body = /^1\d{10}$/.test(text) ? { phone: text, requestNo } : /^\d{12,19}$/.test(text) ? { cardNo: text, requestNo } : null
    if (!body) return setFailure('请填写会员的 11 位手机号，或会员卡号')
    setFailure(null)
    setSending(true)
    const result = await couponsAdminApi.issue(template.id, body)
    setSending(false)
    if (!result.ok) setFailure(failureMessageZh(result.failure))
    else onIssued()
  }

  return (
    <Dialog title={`发券：${template.name}`} onClose={sending ? () => undefined : onClose}>
      <div className='console-form'>
        <TextField label='会员手机号或卡号' value={member} onChange={setMember} placeholder='例如：13800000000' autoFocus onEnter={() => void send()} />
      </div>
      <p className='console-card__note'>
        {couponTermsLabel(template)}，{validityText(template)}；还可发 {template.totalQuantity - template.issuedCount} 张。只能发给持有本店会员卡的顾客。
      </p>
      {failure && <Notice tone='error'>{failure}</Notice>}
      <DialogActions confirmText='发券' busyText='正在发券…' busy={sending} onConfirm={() => void send()} onCancel={onClose} />
    </Dialog>
  )
}
