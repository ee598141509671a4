import { useState } from 'react'
import { failureMessageZh, type StaffMe } from '../../api'
import { addDays, isBusinessDate, shanghaiDateTime, shanghaiToday } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Button, Notice, TextArea, TextField } from '../../console/controls'
import { Dialog, DialogActions } from '../../console/Dialog'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { closingApi } from './closing-client'

/** The legal default of notice (CLOSING_NOTICE_DAYS): the form proposes it, the server has the last word. */
const NOTICE_DAYS = 30

/**
 * 停业公告 for the owner (docs/compliance.md §10): the day the shop stops taking its cards, at least 30 days ahead, and
 * why — shown to every card holder at once. From the notice on no top-up and no new card; until the day the cards
 * pay; after it every balance is refunded by the platform. Asked before it is sent; withdrawable while the day is ahead.
 */
export function ClosingNotice({ me }: { me: StaffMe }) {
  const notice = useLoad(() => closingApi.current())
  const earliest = addDays(shanghaiToday(), NOTICE_DAYS)
  const [date, setDate] = useState(earliest)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [asking, setAsking] = useState<'announce' | 'withdraw' | null>(null)
  const [busy, setBusy] = useState(false)
  const owner = me.role === 'OWNER'

  function check() {
    if (!isBusinessDate(date) || date < earliest) return setProblem(`停业须提前 ${NOTICE_DAYS} 天公告：最早可选 ${earliest}`)
    if (reason.trim().length < 4) return setProblem('请写明停业原因（至少 4 个字），持卡顾客会看到')
    setProblem(null)
    setAsking('announce')
  }

  async function confirm() {
    setBusy(true)
    const result = asking === 'withdraw' ? await closingApi.withdraw() : await closingApi.announce({ closingDate: date, reason: reason.trim() })
    setBusy(false)
    setAsking(null)
    if (!result.ok) return setProblem(failureMessageZh(result.failure))
    setProblem(null)
    void notice.reload()
  }

  return (
    <ConsoleCard title='停业公告'>
      {notice.state.status === 'loading' && <StatePanel kind='loading' text='正在读取…' />}
      {notice.state.status === 'failed' && <StatePanel kind='error' text={notice.state.messageZh} onRetry={() => void notice.reload()} />}
      {notice.state.status === 'ready' && notice.state.data && (
        <>
          <Notice tone='info'>
            已公告于 {notice.state.data.closingDate} 停业（{notice.state.data.reason}），公告时间 {shanghaiDateTime(notice.state.data.announcedAt)}。现在起不再办理充值和新卡；停业日前会员卡照常消费，停业后平台把每张卡的余额原路退给顾客。
          </Notice>
          {owner && notice.state.data.closingDate > shanghaiToday() && (
            <Button variant='secondary' onClick={() => setAsking('withdraw')}>
              撤回公告
            </Button>
          )}
        </>
      )}
      {notice.state.status === 'ready' && !notice.state.data && (
        <>
          <p>门店不再经营时，须提前 {NOTICE_DAYS} 天公告。公告后所有持卡顾客都会在卡片页看到，不能再充值或领新卡；停业日前会员卡照常消费，停业后平台会把余额原路退给每一位顾客。</p>
          {owner ? (
            <>
              <TextField label='停业日期' type='date' value={date} onChange={setDate} hint={`最早 ${earliest}`} />
              <TextArea label='停业原因（顾客可见）' value={reason} onChange={setReason} placeholder='例如：门店租约到期，停止营业' maxLength={200} />
              <Button variant='danger' onClick={check}>
                发布停业公告
              </Button>
            </>
          ) : (
            <p>只有商户负责人可以发布停业公告。</p>
          )}
        </>
      )}
      {problem && <Notice tone='error'>{problem}</Notice>}
      {asking && (
        <Dialog title={asking === 'withdraw' ? '撤回停业公告？' : '发布停业公告？'} onClose={busy ? () => undefined : () => setAsking(null)}>
          <div className='console-dialog__body'>
            {asking === 'withdraw'
              ? '撤回后恢复正常经营：顾客可以重新充值、领卡，卡片页不再显示停业公告。'
              : `将于 ${date} 停业。发布后立即停止充值和发新卡，所有持卡顾客都会看到公告；停业日起会员卡不能再消费，余额由平台原路退回。停业日前可以撤回。`}
          </div>
          <DialogActions confirmText={asking === 'withdraw' ? '撤回公告' : '发布公告'} busyText={asking === 'withdraw' ? '正在撤回…' : '正在发布…'} busy={busy} danger={asking === 'announce'} onConfirm={() => void confirm()} onCancel={() => setAsking(null)} />
        </Dialog>
      )}
    </ConsoleCard>
  )
}
