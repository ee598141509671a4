import { useState } from 'react'
import { couponTermsLabel, type CouponTemplateView, type PointsItemView } from '@jucard/shared'
import type { Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice, SelectField, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { RowActions } from '../../console/RowActions'
import { useCheckedSubmit } from '../../console/use-checked-submit'
import { useRowAction, type ListNotice } from '../../console/use-row-action'
import { Loading } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { TeamList } from '../team/TeamList'
import { validityText } from './coupon-draft'
import { couponsAdminApi } from './coupons-client'
import { checkPointsItemDraft, EMPTY_POINTS_ITEM, type PointsItemDraft } from './points-item-draft'
import { pointsMallAdminApi } from './points-mall-client'

/** 兑换中 while members can exchange it; 已兑完 once its stock is gone; 已下架 after 下架. */
function itemState(item: PointsItemView): { zh: string; tone: 'good' | 'warn' | 'neutral' } {
  switch (item.status) {
    case 'ACTIVE':
      return item.remaining > 0 ? { zh: '兑换中', tone: 'good' } : { zh: '已兑完', tone: 'warn' }
    case 'STOPPED':
      return { zh: '已下架', tone: 'neutral' }
  }
}

/** 积分商城: the coupons members can exchange for their points — add one (from an active coupon), 下架 after a confirmation. */
export function PointsItems() {
  const items = useLoad(() => pointsMallAdminApi.pointsItems(), [])
  const [creating, setCreating] = useState(false)
  const [notice, setNotice] = useState<ListNotice>(null)

  function put(item: PointsItemView) {
    if (items.state.status !== 'ready') return
    const rest = items.state.data.filter((i) => i.id !== item.id)
    items.set(items.state.data.some((i) => i.id === item.id) ? items.state.data.map((i) => (i.id === item.id ? item : i)) : [item, ...rest])
  }

  const stop = useRowAction(setNotice, (item: PointsItemView) => item.id, {
    confirm: (item) => ({ title: `下架「${item.coupon.name}」？`, content: '下架后会员不能再用积分兑换这张券，且不能重新上架；已经兑换到的券仍可在有效期内使用。', confirmText: '确认下架' }),
    act: (item) => pointsMallAdminApi.stopPointsItem(item.id),
    done(item, stopped) {
      put(stopped)
      return `「${item.coupon.name}」已下架`
    }
  })

  const columns: Column<PointsItemView>[] = [
    { header: '优惠券', rowHeader: true, cell: (i) => i.coupon.name },
    { header: '优惠', cell: (i) => couponTermsLabel(i.coupon) },
    { header: '有效期', cell: (i) => validityText(i.coupon), wrap: true },
    { header: '所需积分', cell: (i) => `${i.pointsPrice} 积分`, num: true },
    { header: '已兑 / 库存', cell: (i) => `${i.exchangedCount} / ${i.stock}`, num: true },
    {
      header: '状态',
      cell: (i) => {
        const state = itemState(i)
        return <Badge tone={state.tone}>{state.zh}</Badge>
      }
    },
    {
      header: '操作',
      cell: (i) => (i.status === 'ACTIVE' ? <RowActions actions={[{ label: '下架', busyText: stop.busyId === i.id ? '正在下架…' : null, onClick: () => stop.run(i) }]} /> : '—')
    }
  ]

  return (
    <TeamList
      name='points-items'
      title='积分商城'
      addLabel='上架积分商品'
      onAdd={() => setCreating(true)}
      notice={notice}
      list={items}
      table={{ columns, rowKey: (i) => i.id, muted: (i) => i.status === 'STOPPED', emptyText: '积分商城还没有商品。选一张优惠券，定好兑换所需积分和库存，会员就能用积分兑换。' }}
    >
      {creating && (
        <CreateItemDialog
          onClose={() => setCreating(false)}
          onCreated={(item) => {
            setCreating(false)
            setNotice({ tone: 'success', text: `已上架「${item.coupon.name}」，${item.pointsPrice} 积分兑换一张` })
            put(item)
          }}
        />
      )}
    </TeamList>
  )
}

function CreateItemDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (item: PointsItemView) => void }) {
  const templates = useLoad(() => couponsAdminApi.listTemplates(), [])
  const [draft, setDraft] = useState<PointsItemDraft>(EMPTY_POINTS_ITEM)
  const form = useCheckedSubmit({
    check: () => checkPointsItemDraft(draft),
    incomplete: '请按提示修改后再上架',
    send: (input) => pointsMallAdminApi.createPointsItem(input),
    done: onCreated
  })
  // only a coupon that is still issued can be exchanged
  const active: CouponTemplateView[] = templates.state.status === 'ready' ? templates.state.data.filter((t) => t.status === 'ACTIVE') : []
  const chosen = active.find((t) => t.id === draft.couponTemplateId)

  return (
    <Dialog title='上架积分商品' onClose={form.saving ? () => undefined : onClose}>
      {templates.state.status !== 'ready' ? (
        <Loading load={templates} text='正在加载优惠券…' />
      ) : active.length === 0 ? (
        <Notice tone='info'>还没有发放中的优惠券。请先在「优惠券」页新建一张，再上架到积分商城。</Notice>
      ) : (
        <>
          <div className='console-form'>
            <SelectField
              label='兑换的优惠券'
              value={draft.couponTemplateId}
              options={[{ value: '', label: '请选择优惠券' }, ...active.map((t) => ({ value: t.id, label: `${t.name}（${couponTermsLabel(t)}）` }))]}
              onChange={(couponTemplateId) => setDraft({ ...draft, couponTemplateId })}
              error={form.errors.couponTemplateId}
            />
            <TextField label='兑换所需积分' value={draft.pointsText} onChange={(pointsText) => setDraft({ ...draft, pointsText })} placeholder='例如：500' inputMode='numeric' error={form.errors.pointsText} />
            <TextField label='库存（张）' value={draft.stockText} onChange={(stockText) => setDraft({ ...draft, stockText })} placeholder='例如：100' inputMode='numeric' error={form.errors.stockText} />
          </div>
          <p className='console-card__note'>
            {chosen
              ? `「${chosen.name}」${validityText(chosen)}，还可发 ${chosen.totalQuantity - chosen.issuedCount} 张；兑换到的券也计入它的发行总量和每人限领（${chosen.perConsumerLimit} 张）。`
              : '每次兑换扣除会员卡上的积分，发给会员一张所选的券；兑换也计入券的发行总量和每人限领。'}
            上架后积分和库存不能再改，可以随时下架。
          </p>
        </>
      )}
      {form.failure && <Notice tone='error'>{form.failure}</Notice>}
      {active.length > 0 ? (
        <DialogActions confirmText='上架' busyText='正在上架…' busy={form.saving} onConfirm={() => void form.submit()} onCancel={onClose} />
      ) : (
        <div className='console-dialog__actions'>
          <Button variant='plain' onClick={onClose}>
            关闭
          </Button>
        </div>
      )}
    </Dialog>
  )
}
