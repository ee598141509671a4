import { useState } from 'react'
import { formatYuan, type BusinessDate, type ReconDayView, type SettlementRunView } from '@jucard/shared'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Badge, Button, Notice } from '../../console/controls'
import { Dialog, DialogActions, ReasonDialog } from '../../console/Dialog'
import { Figures } from '../../console/Figures'
import { RUN_STATUS } from '../../console/labels'
import { progressPercent, useSettlementRun } from './use-settlement-run'

interface Props {
  date: BusinessDate
  reconciliation: ReconDayView
  settlement: SettlementRunView | null
  /** The run ended: the statements and the day's summary are fetched again. */
  onFinished: () => void
}

/** 结算: T+1 settlement of the day for every merchant, with its progress while it runs. */
export function SettlementPanel({ date, reconciliation, settlement, onFinished }: Props) {
  const { run, pollProblem, start } = useSettlementRun(date, settlement, onFinished)
  const [starting, setStarting] = useState(false)
  const [asking, setAsking] = useState(false)
  // a reconciled day still asks once: a settlement run pays merchants and cannot be taken back
  const [confirming, setConfirming] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  // another run is offered after a failure, or after a same-day run (it settles what was redeemed since);
  // a day settled in full is done
  const canStart = !run || run.status === 'FAILED' || (run.status === 'COMPLETED' && run.partialDay)

  async function begin(overrideReason?: string): Promise<string | null> {
    setStarting(true)
    setFailure(null)
    const outcome = await start(overrideReason)
    setStarting(false)
    if (!outcome.ok) {
      if (!overrideReason) setFailure(`结算没有开始：${outcome.messageZh}`)
      return outcome.messageZh
    }
    setAsking(false)
    setConfirming(false)
    return null
  }

  return (
    <ConsoleCard
      className='day-close__settlement'
      titleId='day-close-settlement'
      title='商户结算'
      actions={
        canStart && (
          <Button
            variant='primary'
            disabled={starting}
            onClick={() => (reconciliation.reconciled ? setConfirming(true) : setAsking(true))}
          >
            {run ? '再次结算' : '开始结算'}
          </Button>
        )
      }
    >
      {canStart && !reconciliation.reconciled && (
        <Notice tone='info'>这一天还没有对平：开始结算需要填写强制结算的原因，原因会随结算记录保存。</Notice>
      )}
      {failure && <Notice tone='error'>{failure}</Notice>}
      {pollProblem && <Notice tone='error'>{pollProblem}</Notice>}
      {!run && <p className='console-card__note'>这一天还没有结算。</p>}
      {run && <RunProgress run={run} />}
      {confirming && (
        <Dialog title={`结算 ${date}？`} onClose={starting ? () => undefined : () => setConfirming(false)}>
          <div className='console-dialog__body'>
            将为每个商户生成 {date} 的结算单并发起打款，开始后不能撤销。{run ? '这次只结算上次结算之后核销的金额。' : ''}
          </div>
          {failure && <Notice tone='error'>{failure}</Notice>}
          <DialogActions confirmText='确认结算' busyText='正在开始…' busy={starting} onConfirm={() => void begin()} onCancel={() => setConfirming(false)} />
        </Dialog>
      )}
      {asking && (
        <ReasonDialog
          title='强制结算'
          description={`${date} 还没有对平（${reconciliation.openDifferences} 条差异待处理）。确认要先结算吗？`}
          label='强制结算原因'
          placeholder='例如：差异金额已核实与商户无关，按时结算'
          confirmText='确认结算'
          busyText='正在开始…'
          danger
          minLength={4}
          onConfirm={(reason) => begin(reason)}
          onClose={() => setAsking(false)}
        />
      )}
    </ConsoleCard>
  )
}

function RunProgress({ run }: { run: SettlementRunView }) {
  const percent = progressPercent(run)
  const status = RUN_STATUS[run.status]
  return (
    <div className='day-close__run-progress'>
      <div className='console-actions day-close__run-head'>
        <Badge tone={status.tone}>{status.zh}</Badge>
        <span>
          已处理 {run.merchantsDone}/{run.merchantsTotal} 家商户
        </span>
        {run.partialDay && <Badge tone='warn'>营业日未结束时结算</Badge>}
        <span className='console-card__note'>开始于 {shanghaiDateTime(run.startedAt)}</span>
      </div>
      <div className='console-progress' role='progressbar' aria-label='结算进度' aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className='console-progress__bar' style={{ width: `${percent}%` }} />
      </div>
      {run.error && <Notice tone='error'>结算出错：{run.error}</Notice>}
      {run.overrideReason && <p className='console-card__note'>强制结算原因：{run.overrideReason}</p>}
      <Figures
        className='day-close__run-figures'
        items={[
          { label: '结算单', value: `${run.statements} 张` },
          { label: '净额', value: formatYuan(run.grossFen) },
          { label: '平台手续费', value: formatYuan(run.feeFen) },
          { label: '应打款', value: formatYuan(run.payoutFen), strong: true }
        ]}
      />
    </div>
  )
}
