import { useState } from 'react'
import { formatYuan, type OperatorCardView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { operatorApi } from '../../api/operator-client'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Notice, TextField } from '../../console/controls'
import { ReasonDialog } from '../../console/Dialog'
import { CARD_KIND_ZH, CARD_STATUS, MERCHANT_STATUS } from '../../console/labels'
import { StatePanel } from '../../ui/StatePanel'

/** Card numbers are 16 digits; people paste them with spaces ("8800 0000 0000 1234"). */
export function normalizeCardNo(text: string): string | null {
  const digits = text.replace(/\s+/g, '')
  return /^\d{16}$/.test(digits) ? digits : null
}

/** What the operator typed: a card number, or the holder's mainland mobile number (spaces, dashes and +86 allowed). */
export type CardQuery = { kind: 'cardNo'; cardNo: string } | { kind: 'phone'; phone: string }

export function parseCardQuery(text: string): CardQuery | null {
  const cardNo = normalizeCardNo(text)
  if (cardNo) return { kind: 'cardNo', cardNo }
  const phone = text.replace(/[\s-]+/g, '').replace(/^\+?86(?=1\d{10}$)/, '')
  return /^1\d{10}$/.test(phone) ? { kind: 'phone', phone } : null
}

/** "林* · 138****0000", or a dash for a card nobody put a name or phone to. */
export function holderText(holder: OperatorCardView['holder']): string {
  return [holder.nameMasked, holder.phoneMasked].filter(Boolean).join(' · ') || '—'
}

interface Props {
  card: OperatorCardView | null
  onCard: (card: OperatorCardView | null) => void
  /** The card was frozen or unfrozen (its audit trail has a new line). */
  onChanged: (card: OperatorCardView) => void
}

/** The cards found for one phone, and the phone they were found for. */
interface PhoneResults {
  phone: string
  cards: OperatorCardView[]
}

/** 查找会员卡 by its number or the holder's phone; freeze or unfreeze it with a reason. */
export function CardLookup({ card, onCard, onChanged }: Props) {
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [searching, setSearching] = useState(false)
  const [acting, setActing] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [results, setResults] = useState<PhoneResults | null>(null)

  async function search() {
    const query = parseCardQuery(text)
    if (!query) {
      setProblem('请输入 16 位卡号，或持卡人的 11 位手机号')
      return
    }
    setProblem(null)
    setDone(null)
    setSearching(true)
    if (query.kind === 'cardNo') {
      const result = await operatorApi.getCard(query.cardNo)
      setSearching(false)
      setResults(null)
      if (result.ok) onCard(result.data)
      else {
        onCard(null)
        setProblem(failureMessageZh(result.failure))
      }
      return
    }
    const result = await operatorApi.findCardsByPhone(query.phone)
    setSearching(false)
    onCard(null)
    if (result.ok) {
      setResults({ phone: query.phone, cards: result.data })
      // one card is the card the operator is after: show it at once
      if (result.data.length === 1 && result.data[0]) onCard(result.data[0])
    } else {
      setResults(null)
      setProblem(failureMessageZh(result.failure))
    }
  }

  const columns: Column<OperatorCardView>[] = [
    { header: '卡号', cell: (c) => <span className='freeze__card-no'>{c.cardNo}</span>, rowHeader: true },
    { header: '持卡人', cell: (c) => holderText(c.holder) },
    { header: '商户', cell: (c) => c.merchant.displayName },
    { header: '卡产品', cell: (c) => c.productName },
    { header: '状态', cell: (c) => <Badge tone={CARD_STATUS[c.status].tone}>{CARD_STATUS[c.status].zh}</Badge> },
    { header: '余额', cell: (c) => formatYuan(c.balance.totalFen), num: true },
    {
      header: '操作',
      cell: (c) =>
        card?.id === c.id ? (
          <span className='freeze__shown'>正在查看</span>
        ) : (
          <Button variant='plain' onClick={() => onCard(c)}>
            查看
          </Button>
        )
    }
  ]

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
        <TextField
          label='卡号或手机号'
          value={text}
          onChange={setText}
          inputMode='numeric'
          maxLength={24}
          placeholder='16 位卡号或持卡人手机号'
          error={problem}
          onEnter={() => void search()}
        />
        <Button variant='primary' busyText={searching ? '正在查找…' : null} onClick={() => void search()}>
          查找
        </Button>
      </div>
      {done && <Notice tone='success'>{done}</Notice>}
      {results && (
        <section className='freeze__results' aria-label={`手机号 ${results.phone} 名下的会员卡`}>
          {results.cards.length === 0 ? (
            <StatePanel kind='empty' text={`手机号 ${results.phone} 名下没有会员卡。请核对号码，或改用卡号查找。`} />
          ) : (
            <>
              <p className='freeze__results-title'>
                手机号 {results.phone} 名下有 {results.cards.length} 张会员卡
              </p>
              <ConsoleTable columns={columns} rows={results.cards} rowKey={(c) => c.id} rowClass={(c) => (card?.id === c.id ? 'freeze__result--selected' : undefined)} />
            </>
          )}
        </section>
      )}
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
            <dt>持卡人</dt>
            <dd>{holderText(card.holder)}</dd>
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
