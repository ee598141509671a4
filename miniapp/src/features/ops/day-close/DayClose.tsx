import { useState } from 'react'
import type { DayCloseView, ReconDayView } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'
import { isBusinessDate, shanghaiToday } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { Badge, Notice, TextField } from '../../console/controls'
import { Loading } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { CustodyPanel } from './CustodyPanel'
import { DayStatementsPanel } from './DayStatementsPanel'
import { DifferencesPanel } from './DifferencesPanel'
import { ReconciliationPanel } from './ReconciliationPanel'
import { SettlementPanel } from './SettlementPanel'
import './day-close.css'

/** 日终: for one business day, reconcile the channels, handle differences, settle merchants, pay out, check custody. */
export function DayClose() {
  const today = shanghaiToday()
  const [date, setDate] = useState(today)
  const valid = isBusinessDate(date) && date <= today

  return (
    <>
      <ConsoleCard as='div' className='day-close__date'>
        <TextField label='营业日' type='date' value={date} onChange={setDate} hint='北京时间自然日；默认今天' />
        {!valid && <Notice tone='error'>请选择今天或之前的日期</Notice>}
      </ConsoleCard>
      {valid && <DayCloseOf key={date} date={date} />}
    </>
  )
}

function DayCloseOf({ date }: { date: string }) {
  const day = useLoad(() => operatorApi.getDayClose(date), [date])
  // bumped after a reconciliation or settlement: the lists under it are fetched again
  const [version, setVersion] = useState(0)
  const refresh = () => {
    setVersion((v) => v + 1)
    void day.reload()
  }

  if (day.state.status !== 'ready') return <Loading load={day} text='正在加载日终情况…' />
  const view = day.state.data
  const setReconciliation = (reconciliation: ReconDayView) => {
    day.set({ ...view, reconciliation } satisfies DayCloseView)
    setVersion((v) => v + 1)
  }

  return (
    <>
      <LedgerCheck view={view} />
      <ReconciliationPanel date={date} day={view.reconciliation} onReconciled={setReconciliation} />
      <DifferencesPanel date={date} version={version} onResolved={refresh} />
      <SettlementPanel date={date} reconciliation={view.reconciliation} settlement={view.settlement} onFinished={refresh} />
      <DayStatementsPanel date={date} version={version} />
      <CustodyPanel version={version} />
    </>
  )
}

function LedgerCheck({ view }: { view: DayCloseView }) {
  const check = view.ledgerVerified
  return (
    <p className='day-close__ledger'>
      账务校验：
      {check === null && <Badge tone='neutral'>尚未校验</Badge>}
      {check?.ok === true && <Badge tone='good'>借贷平衡，无异常</Badge>}
      {check?.ok === false && <Badge tone='bad'>{check.violations} 处异常，请联系技术人员</Badge>}
    </p>
  )
}
