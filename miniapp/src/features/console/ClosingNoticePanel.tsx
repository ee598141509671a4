import { useState } from 'react'
import type { AnnounceClosingRequest, ErrorCode, MerchantClosingNotice } from '@jucard/shared'
import { failureCode, failureMessageZh, fieldMessagesZh, type ApiFailure, type ApiResult } from '../api'
import { StatePanel } from '../ui/StatePanel'
import { useLoad } from '../ui/use-load'
import { addDays, isBusinessDate, shanghaiDateTime, shanghaiToday } from './business-day'
import { ConsoleCard } from './ConsoleCard'
import { Button, Notice, TextArea, TextField } from './controls'
import { Dialog, DialogActions } from './Dialog'

/** The legal default of notice (CLOSING_NOTICE_DAYS): the form proposes it, the server has the last word. */
const NOTICE_DAYS = 30

/** The three calls of one merchant's 停业公告: the owner's own (/merchant/closing) or an operator's for it. */
export interface ClosingApi {
  current: () => Promise<ApiResult<MerchantClosingNotice | null>>
  announce: (body: AnnounceClosingRequest) => Promise<ApiResult<MerchantClosingNotice>>
  withdraw: () => Promise<ApiResult<void>>
}

/** Who announces: the owner for their shop (anyone else on the team only reads), or an operator for a merchant whose owner cannot. */
export type ClosingAuthor = { kind: 'owner'; mayAnnounce: boolean } | { kind: 'operator'; merchantName: string }

// refusals that mean the notice changed meanwhile (the owner or another operator acted, or the day came): show what stands now
const STALE: ReadonlySet<ErrorCode | null> = new Set<ErrorCode | null>(['MERCHANT_CLOSING_ANNOUNCED', 'MERCHANT_CLOSING_NOT_FOUND', 'MERCHANT_CLOSED'])

interface Props {
  api: ClosingApi
  author: ClosingAuthor
  /** After a notice was announced or withdrawn (an operator's page then shows the merchant's trail again). */
  onChanged?: () => void
}

/**
 * 停业公告 (docs/compliance.md §10): the day a merchant stops taking its cards, at least 30 days ahead, and why — shown
 * to every card holder at once. From the notice on no top-up and no new card; until the day the cards pay; from the day
 * on every balance is refunded by the platform. Asked before it is sent; withdrawable while the day is ahead.
 * `api` must stay the same object while the panel is shown (key the panel by merchant).
 */
export function ClosingNoticePanel({ api, author, onChanged }: Props) {
  const notice = useLoad(() => api.current(), [api])
  const today = shanghaiToday()
  const earliest = addDays(today, NOTICE_DAYS)
  const [date, setDate] = useState(earliest)
  const [reason, setReason] = useState('')
  const [dateProblem, setDateProblem] = useState<string | null>(null)
  const [reasonProblem, setReasonProblem] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const [asking, setAsking] = useState<'announce' | 'withdraw' | null>(null)
  const [busy, setBusy] = useState(false)
  const operator = author.kind === 'operator'
  const mayAct = operator || author.mayAnnounce
  // "商户「莲花健身」" where an operator speaks for a merchant; the owner's own shop goes without saying
  const merchant = operator ? `商户「${author.merchantName}」` : ''

  function check() {
    const dateWrong = !isBusinessDate(date) || date < earliest ? `停业须提前 ${NOTICE_DAYS} 天公告：最早可选 ${earliest}` : null
    const reasonWrong = reason.trim().length < 4 ? '请写明停业原因（至少 4 个字），持卡顾客会看到' : null
    setDateProblem(dateWrong)
    setReasonProblem(reasonWrong)
    setOutcome(null)
    if (!dateWrong && !reasonWrong) setAsking('announce')
  }

  async function announce() {
    setBusy(true)
    const result = await api.announce({ closingDate: date, reason: reason.trim() })
    settle(result.ok ? { notice: result.data, text: '停业公告已发布' } : { failure: result.failure, verb: '发布' })
  }

  async function withdraw() {
    setBusy(true)
    const result = await api.withdraw()
    settle(result.ok ? { notice: null, text: '停业公告已撤回' } : { failure: result.failure, verb: '撤回' })
  }

  /** Shows what an announcement or a withdrawal came to: the notice as it now stands, or the refusal where it belongs. */
  function settle(after: { notice: MerchantClosingNotice | null; text: string } | { failure: ApiFailure; verb: string }) {
    setBusy(false)
    setAsking(null)
    if ('text' in after) {
      notice.set(after.notice)
      setOutcome({ tone: 'success', text: after.text })
      onChanged?.()
      return
    }
    const fields = fieldMessagesZh(after.failure)
    if (fields.closingDate || fields.reason) {
      setDateProblem(fields.closingDate ?? null)
      setReasonProblem(fields.reason ?? null)
      return
    }
    setOutcome({ tone: 'error', text: `${after.verb}没有成功：${failureMessageZh(after.failure)}` })
    if (STALE.has(failureCode(after.failure))) void notice.reload()
  }

  const standing = notice.state.status === 'ready' ? notice.state.data : null
  const title = operator ? `${merchant}的停业公告` : '停业公告'

  return (
    <ConsoleCard title={title} label={title}>
      {notice.state.status === 'loading' && <StatePanel kind='loading' text='正在读取停业公告…' />}
      {notice.state.status === 'failed' && <StatePanel kind='error' text={notice.state.messageZh} onRetry={() => void notice.reload()} />}
      {standing &&
        (standing.closingDate > today ? (
          <>
            <Notice tone='info'>
              {merchant}已公告于 {standing.closingDate} 停业（{standing.reason}），公告时间 {shanghaiDateTime(standing.announcedAt)}。现在起不再办理充值和新卡；停业日前会员卡照常消费，停业后平台把每张卡的余额原路退给顾客。
            </Notice>
            {mayAct && (
              <Button variant='secondary' onClick={() => setAsking('withdraw')}>
                撤回公告
              </Button>
            )}
          </>
        ) : (
          <Notice tone='info'>
            {merchant}已于 {standing.closingDate} 停业（{standing.reason}），公告时间 {shanghaiDateTime(standing.announcedAt)}。会员卡不能再消费，平台会把每张卡的余额原路退给顾客。
          </Notice>
        ))}
      {notice.state.status === 'ready' && !standing && (
        <>
          {operator ? (
            <p>
              {merchant}没有停业公告。商户负责人无法自行公告时（例如联系不上），可以由平台代为发布：同样须提前 {NOTICE_DAYS} 天，公告后所有持卡顾客都会在卡片页看到，不能再充值或领新卡；停业日前会员卡照常消费，停业后平台会把余额原路退给每一位顾客。
            </p>
          ) : (
            <p>
              门店不再经营时，须提前 {NOTICE_DAYS} 天公告。公告后所有持卡顾客都会在卡片页看到，不能再充值或领新卡；停业日前会员卡照常消费，停业后平台会把余额原路退给每一位顾客。
            </p>
          )}
          {mayAct ? (
            <>
              <TextField
                label='停业日期'
                type='date'
                value={date}
                onChange={(value) => {
                  setDate(value)
                  setDateProblem(null)
                }}
                hint={`须提前 ${NOTICE_DAYS} 天，最早可选 ${earliest}`}
                error={dateProblem}
              />
              <TextArea
                label='停业原因（顾客可见）'
                value={reason}
                onChange={(value) => {
                  setReason(value)
                  setReasonProblem(null)
                }}
                placeholder={operator ? '例如：商户负责人失联，门店已停止营业' : '例如：门店租约到期，停止营业'}
                maxLength={200}
                error={reasonProblem}
              />
              <Button variant='danger' onClick={check}>
                {operator ? '代为发布停业公告' : '发布停业公告'}
              </Button>
            </>
          ) : (
            <p>只有商户负责人可以发布停业公告。</p>
          )}
        </>
      )}
      {outcome && <Notice tone={outcome.tone}>{outcome.text}</Notice>}
      {asking && (
        <Dialog
          title={asking === 'withdraw' ? `撤回${merchant ? `${merchant}的` : ''}停业公告？` : `${operator ? `代${merchant}` : ''}发布停业公告？`}
          onClose={busy ? () => undefined : () => setAsking(null)}
        >
          <div className='console-dialog__body'>
            {asking === 'withdraw' ? (
              '撤回后恢复正常经营：顾客可以重新充值、领卡，卡片页不再显示停业公告。'
            ) : (
              <>
                <p>
                  {merchant}将于 {date} 停业，原因：{reason.trim()}
                </p>
                <p>发布后立即停止充值和发新卡，所有持卡顾客都会在卡片页看到公告；停业日起会员卡不能再消费，平台把每张卡的余额原路退给顾客，退回后不能撤销。停业日前可以撤回公告。</p>
                {operator && <p>公告以你的名义记入操作记录。</p>}
              </>
            )}
          </div>
          <DialogActions
            confirmText={asking === 'withdraw' ? '撤回公告' : '发布公告'}
            busyText={asking === 'withdraw' ? '正在撤回…' : '正在发布…'}
            busy={busy}
            danger={asking === 'announce'}
            onConfirm={() => void (asking === 'withdraw' ? withdraw() : announce())}
            onCancel={() => setAsking(null)}
          />
        </Dialog>
      )}
    </ConsoleCard>
  )
}
