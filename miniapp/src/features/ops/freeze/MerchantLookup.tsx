import { useMemo, useState } from 'react'
import type { MerchantView } from '@jucard/shared'
import { failureMessageZh, type ApiResult } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { RowActions } from '../../console/RowActions'
import { Badge, Notice, TextField } from '../../console/controls'
import { ReasonDialog } from '../../console/Dialog'
import { MERCHANT_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'

/** Merchants an operator can freeze (approved) or unfreeze (frozen). */
async function freezableMerchants(): Promise<ApiResult<MerchantView[]>> {
  const [approved, frozen] = await Promise.all([operatorApi.listMerchants('APPROVED'), operatorApi.listMerchants('FROZEN')])
  if (!approved.ok) return approved
  if (!frozen.ok) return frozen
  return { ok: true, data: [...frozen.data, ...approved.data] }
}

/** Merchants whose name (or company name, or id) contains the text; all of them for an empty text. */
export function matchMerchants(merchants: MerchantView[], text: string): MerchantView[] {
  const needle = text.trim().toLowerCase()
  if (!needle) return merchants
  return merchants.filter((merchant) =>
    [merchant.displayName, merchant.kyc?.companyName ?? '', merchant.id].some((value) => value.toLowerCase().includes(needle))
  )
}

interface Props {
  selectedId: string | null
  onSelect: (merchant: MerchantView) => void
  onChanged: (merchant: MerchantView) => void
}

/** 查找商户 by name; open one (its 停业公告 and trail below), freeze (no redemption, no top-up) or unfreeze with a reason. */
export function MerchantLookup({ selectedId, onSelect, onChanged }: Props) {
  const merchants = useLoad(freezableMerchants, [])
  const [text, setText] = useState('')
  const [acting, setActing] = useState<MerchantView | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const shown = useMemo(() => (merchants.state.status === 'ready' ? matchMerchants(merchants.state.data, text) : []), [merchants.state, text])

  async function act(merchant: MerchantView, reason: string): Promise<string | null> {
    const freezing = merchant.status === 'APPROVED'
    const result = freezing ? await operatorApi.freezeMerchant(merchant.id, reason) : await operatorApi.unfreezeMerchant(merchant.id, reason)
    if (!result.ok) return failureMessageZh(result.failure)
    setActing(null)
    setDone(`已${freezing ? '冻结' : '解冻'}商户「${merchant.displayName}」`)
    if (merchants.state.status === 'ready') merchants.set(merchants.state.data.map((item) => (item.id === merchant.id ? result.data : item)))
    onChanged(result.data)
    return null
  }

  const columns: Column<MerchantView>[] = [
    { header: '商户', cell: (merchant) => merchant.displayName, rowHeader: true },
    { header: '状态', cell: (merchant) => <Badge tone={MERCHANT_STATUS[merchant.status].tone}>{MERCHANT_STATUS[merchant.status].zh}</Badge> },
    {
      header: '操作',
      cell: (merchant) => (
        <RowActions
          actions={[
            { label: merchant.id === selectedId ? '正在查看' : '查看', onClick: () => onSelect(merchant), disabled: merchant.id === selectedId },
            { label: merchant.status === 'APPROVED' ? '冻结' : '解冻', onClick: () => setActing(merchant) }
          ]}
        />
      )
    }
  ]

  return (
    <ConsoleCard className='freeze__merchants' titleId='freeze-merchants' title='商户' titleClassName='freeze__title'>
      <TextField label='商户名称' value={text} onChange={setText} placeholder='输入名称筛选' />
      {done && <Notice tone='success'>{done}</Notice>}
      {merchants.state.status === 'loading' && <StatePanel kind='loading' text='正在加载商户…' />}
      {merchants.state.status === 'failed' && <StatePanel kind='error' text={merchants.state.messageZh} onRetry={() => void merchants.reload()} />}
      {merchants.state.status === 'ready' && (
        <ConsoleTable
          columns={columns}
          rows={shown}
          rowKey={(merchant) => merchant.id}
          rowClass={(merchant) => (merchant.id === selectedId ? 'freeze__merchant--selected' : undefined)}
          emptyText='没有符合的商户'
        />
      )}
      {acting && (
        <ReasonDialog
          title={`${acting.status === 'APPROVED' ? '冻结' : '解冻'}商户「${acting.displayName}」`}
          description={acting.status === 'APPROVED' ? '冻结后该商户不能收款，顾客也不能给它的会员卡充值；余额不受影响。' : '解冻后该商户恢复收款和充值。'}
          label={acting.status === 'APPROVED' ? '冻结原因' : '解冻原因'}
          confirmText={acting.status === 'APPROVED' ? '确认冻结' : '确认解冻'}
          busyText='正在提交…'
          danger={acting.status === 'APPROVED'}
          onConfirm={(reason) => act(acting, reason)}
          onClose={() => setActing(null)}
        />
      )}
    </ConsoleCard>
  )
}
