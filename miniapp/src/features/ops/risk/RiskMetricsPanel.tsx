import { useState } from 'react'
import { formatYuan, RISK_ACTION_LABELS, RISK_RULE_KIND_LABELS, type RiskRuleMetrics } from '@jucard/shared'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { SelectField } from '../../console/controls'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { riskApi } from './risk-client'

const RANGE_OPTIONS = [
  { value: '1', label: '今天' },
  { value: '7', label: '近 7 天' },
  { value: '30', label: '近 30 天' }
]

/** "12 · 3 · 0 …": a rule's decisions per day, oldest first, for a quick look at a trend. */
function perDayZh(rule: RiskRuleMetrics): string {
  return rule.days.map((d) => d.decisions).join(' · ')
}

/** The share of a rule's decided cases the operators marked as false positives ("1 / 4"), or "—" when none was decided. */
function falsePositivesZh(rule: RiskRuleMetrics): string {
  return rule.casesDecided === 0 ? '—' : `${rule.falsePositives} / ${rule.casesDecided}`
}

/** 风控指标: decisions per rule per day, false-positive marks and the money holds keep, over a chosen range. */
export function RiskMetricsPanel() {
  const [days, setDays] = useState('7')
  const metrics = useLoad(() => riskApi.metrics(Number(days)), [days])

  const columns: Column<RiskRuleMetrics>[] = [
    { header: '规则', cell: (r) => `${RISK_RULE_KIND_LABELS[r.kind]}${r.enabled ? '' : '（已停用）'}`, rowHeader: true },
    { header: '触发后', cell: (r) => RISK_ACTION_LABELS[r.action] },
    { header: '触发次数', cell: (r) => r.decisions, num: true },
    { header: '每日（由早到晚）', cell: perDayZh },
    { header: '新案件', cell: (r) => r.casesOpened, num: true },
    { header: '误报 / 已处理', cell: falsePositivesZh, num: true },
    { header: '暂停中金额', cell: (r) => (r.heldFen > 0 ? formatYuan(r.heldFen) : '—'), num: true }
  ]

  return (
    <ConsoleCard title='风控指标' actions={<SelectField label='时间范围' value={days} options={RANGE_OPTIONS} onChange={setDays} />}>
      {metrics.state.status === 'loading' && <StatePanel kind='loading' text='正在统计…' />}
      {metrics.state.status === 'failed' && <StatePanel kind='error' text={metrics.state.messageZh} onRetry={() => void metrics.reload()} />}
      {metrics.state.status === 'ready' && (
        <>
          <p className='risk__summary'>
            {metrics.state.data.from === metrics.state.data.to ? metrics.state.data.to : `${metrics.state.data.from} 至 ${metrics.state.data.to}`}：触发 {metrics.state.data.decisions} 次，处理案件{' '}
            {metrics.state.data.casesDecided} 件（其中误报 {metrics.state.data.falsePositives} 件），待处理 {metrics.state.data.openCases} 件；暂停中{' '}
            {metrics.state.data.heldOperations} 笔，共 {formatYuan(metrics.state.data.heldFen)}。
          </p>
          {metrics.state.data.rules.every((r) => r.decisions === 0 && r.heldFen === 0) ? (
            <StatePanel kind='empty' text='这段时间没有规则被触发。' />
          ) : (
            <ConsoleTable columns={columns} rows={metrics.state.data.rules.filter((r) => r.decisions > 0 || r.heldFen > 0 || r.casesDecided > 0)} rowKey={(r) => r.ruleId} />
          )}
        </>
      )}
    </ConsoleCard>
  )
}
