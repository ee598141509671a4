import { useState } from 'react'
import { formatYuan, type OperatorCardView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Badge, Button, Notice, TextField } from '../../console/controls'
import { ReasonDialog } from '../../console/Dialog'
import { CARD_KIND_ZH, CARD_STATUS, MERCHANT_STATUS } from '../../console/labels'

/** Card numbers are 16 digits; people paste them with spaces ("8800 0000 0000 1234"). */
export function normalizeCardNo(text: string): string | null {
  const digits = text.replace(/\s+/g, '')
  return /^\d{16}$/.test(digits) ? digits : null
}

interface Props {
  card: OperatorCardView | null
  onCard: (card: OperatorCardView | null) => void
  /** The card was frozen or unfrozen (its audit trail has a new line). */
  onChanged: (card: OperatorCardView) => void
}

/** 查找会员卡 by its number; freeze or unfreeze it with a reason. */
export function CardLookup({ card, onCard, onChanged }: Props) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [searching, setSearching] = useState(false)
  const [acting, setActing] = useState(false)
  const [done, setDone] = useState<string | null>(null)

  async function search() {
    const cardNo = normalizeCardNo(text)
    if (!cardNo) {
      setProblem('卡号是 16 位数字')
      return
    }
    setProblem(null)
    setDone(null)
    setSearching(true)
    const result = await operatorApi.getCard(cardNo)
    setSearching(false)
    if (result.ok) onCard(result.data)
    else {
      onCard(null)
      setProblem(failureMessageZh(result.failure))
    }
  }

  async function act(reason: string): Promise<string | null> {
    if (!card) return null
    const freezing = card.status === 'ACTIVE'
    const result = freezing ? await operatorApi.freezeCard(card.cardNo, reason) : await operatorApi.unfreezeCard(card.cardNo, reason)
    if (!result.ok) return failureMessageZh(result.failure)
    setActing(false)
    setDone(`已${freezing ? '冻结' : '解冻'}会员卡 ${card.cardNo}`)
    onChanged(result.data)
    return null
  }

  return (
    <ConsoleCard className='freeze__card' titleId='freeze-card' title='会员卡' titleClassName='freeze__title'>
      <div className='freeze__search'>
        <TextField label='卡号' value={text} onChange={setText} inputMode='numeric' maxLength={24} placeholder='16 位卡号' error={problem} onEnter={() => void search()} />
        <Button variant='primary' busyText={searching ? '正在查找…' : null} onClick={() => void search()}>
          查找
        </Button>
      </div>
      {done && <Notice tone='success'>{done}</Notice>}
      {card && (
        <div className='freeze__found'>
          <dl className='freeze__facts'>
            <dt>卡号</dt>
            <dd className='freeze__card-no'>{card.cardNo}</dd>
            <dt>状态</dt>
            <dd>
              <Badge tone={CARD_STATUS[card.status].tone}>{CARD_STATUS[card.status].zh}</Badge>
            </dd>
            <dt>卡产品</dt>
            <dd>
              {card.productName} · {CARD_KIND_ZH[card.kind]}
            </dd>
            <dt>商户</dt>
            <dd>
              {card.merchant.displayName} <Badge tone={MERCHANT_STATUS[card.merchant.status].tone}>{MERCHANT_STATUS[card.merchant.status].zh}</Badge>
            </dd>
            <dt>余额</dt>
            <dd>
              {formatYuan(card.balance.totalFen)}（本金 {formatYuan(card.balance.principalFen)} · 赠送金 {formatYuan(card.balance.bonusFen)}）
            </dd>
            <dt>领卡时间</dt>
            <dd>{shanghaiDateTime(card.createdAt)}</dd>
          </dl>
          {card.status !== 'CLOSED' && (
            <Button variant={card.status === 'ACTIVE' ? 'danger' : 'primary'} onClick={() => setActing(true)}>
              {card.status === 'ACTIVE' ? '冻结此卡' : '解冻此卡'}
            </Button>
          )}
        </div>
      )}
      {acting && card && (
        <ReasonDialog
          title={card.status === 'ACTIVE' ? `冻结会员卡 ${card.cardNo}` : `解冻会员卡 ${card.cardNo}`}
          description={
            card.status === 'ACTIVE' ? '冻结后这张卡不能充值、消费或退卡，直到解冻。原因会记入审计日志。' : '解冻后这张卡恢复充值和消费。原因会记入审计日志。'
          }
          label={card.status === 'ACTIVE' ? '冻结原因' : '解冻原因'}
          placeholder={card.status === 'ACTIVE' ? '例如：顾客来电挂失' : '例如：顾客已找回手机，核实身份后解冻'}
          confirmText={card.status === 'ACTIVE' ? '确认冻结' : '确认解冻'}
          busyText='正在提交…'
          danger={card.status === 'ACTIVE'}
          onConfirm={act}
          onClose={() => setActing(false)}
        />
      )}
    </ConsoleCard>
  )
}
