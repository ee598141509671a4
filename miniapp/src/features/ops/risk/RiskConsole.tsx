import { useState } from 'react'
import { formatYuan, RISK_ACTION_LABELS, RISK_CASE_DECISION_LABELS, RISK_CASE_STATUS_LABELS, RISK_RULE_KIND_LABELS, type RiskCaseDecision, type RiskCaseStatus, type RiskCaseView, type RiskRuleView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { shanghaiDateTime } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Badge, Button, Checkbox, Notice, SelectField, TextArea } from '../../console/controls'
import { ReasonDialog } from '../../console/Dialog'
import { StatePanel } from '../../ui/StatePanel'
import { useLoad } from '../../ui/use-load'
import { riskApi } from './risk-client'
import { RiskMetricsPanel } from './RiskMetricsPanel'
import { RiskScanPanel } from './RiskScanPanel'
import './risk.css'
import { CASE_TONE, countersZh, OPERATION_ZH, parametersZh, ruleZh } from './risk-labels'

const STATUS_OPTIONS = [
  { value: 'OPEN', label: RISK_CASE_STATUS_LABELS.OPEN },
  { value: 'RELEASED', label: RISK_CASE_STATUS_LABELS.RELEASED },
  { value: 'REJECTED', label: RISK_CASE_STATUS_LABELS.REJECTED },
  { value: 'CARD_FROZEN', label: RISK_CASE_STATUS_LABELS.CARD_FROZEN },
  { value: 'CLOSED', label: RISK_CASE_STATUS_LABELS.CLOSED },
  { value: '', label: '全部' }
]

/** What each decision does, said before the operator confirms it. */
const DECISION_TEXT: Record<RiskCaseDecision, string> = {
  RELEASE: '确认这些操作正常，案件放行：被暂停的操作再次发起时会照常完成（结算打款在一分钟内自动发出）。放行后不能撤回。',
  REJECT: '驳回被暂停的操作：它再次发起时会被拒绝，资金留在原处（卡内余额或待打款）。驳回后不能撤回。',
  FREEZE_CARD: '冻结该卡：冻结后这张卡不能充值、消费或退卡，直到在「冻结」页解冻。',
  CLOSE: '关闭案件，不做处理。关闭后不能撤回。'
}

/** 风控: the case queue (filter by state, open a case, take it, note, decide), the metrics, the nightly scan's findings and the rules in force. */
export function RiskConsole() {
  const [status, setStatus] = useState<RiskCaseStatus | ''>('OPEN')
  const [selected, setSelected] = useState<RiskCaseView | null>(null)
  const cases = useLoad(() => riskApi.listCases(status || undefined), [status])

  const columns: Column<RiskCaseView>[] = [
    { header: '发现时间', cell: (c) => shanghaiDateTime(c.createdAt), rowHeader: true },
    { header: '规则', cell: (c) => RISK_RULE_KIND_LABELS[c.rule.kind] },
    { header: '会员卡 / 商户', cell: (c) => c.cardNo ?? `商户 ${c.merchantId.slice(0, 8)}` },
    { header: '涉及操作', cell: (c) => `${c.operations.length} 笔`, num: true },
    { header: '状态', cell: (c) => <Badge tone={CASE_TONE[c.status]}>{RISK_CASE_STATUS_LABELS[c.status]}</Badge> },
    { header: '负责人', cell: (c) => c.assigneeName ?? '未认领' },
    {
      header: '操作',
      cell: (c) =>
        selected?.id === c.id ? (
          <span>正在查看</span>
        ) : (
          <Button variant='plain' onClick={() => setSelected(c)}>
            查看
          </Button>
        )
    }
  ]

  const changed = (next: RiskCaseView) => {
    setSelected(next)
    void cases.reload()
  }

  return (
    <>
      <ConsoleCard title='风控案件' actions={<SelectField label='状态' value={status} options={STATUS_OPTIONS} onChange={(v) => setStatus(v as RiskCaseStatus | '')} />}>
        {cases.state.status === 'loading' && <StatePanel kind='loading' text='正在加载风控案件…' />}
        {cases.state.status === 'failed' && <StatePanel kind='error' text={cases.state.messageZh} onRetry={() => void cases.reload()} />}
        {cases.state.status === 'ready' &&
          (cases.state.data.items.length === 0 ? (
            <StatePanel kind='empty' text={status === 'OPEN' ? '没有待处理的风控案件。' : '没有符合条件的案件。'} />
          ) : (
            <ConsoleTable columns={columns} rows={cases.state.data.items} rowKey={(c) => c.id} />
          ))}
      </ConsoleCard>
      {selected && <CaseDetail key={selected.id} found={selected} onChanged={changed} />}
      <RiskMetricsPanel />
      <RiskScanPanel onOpenCase={(found) => setSelected(found)} />
      <RulesInForce />
    </>
  )
}

function CaseDetail({ found, onChanged }: { found: RiskCaseView; onChanged: (next: RiskCaseView) => void }) {
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [deciding, setDeciding] = useState<RiskCaseDecision | null>(null)
  const [falsePositive, setFalsePositive] = useState(false)
  const open = found.status === 'OPEN'

  async function run(work: () => ReturnType<typeof riskApi.assign>): Promise<boolean> {
    setBusy(true)
    setProblem(null)
    const result = await work()
    setBusy(false)
    if (!result.ok) {
      setProblem(failureMessageZh(result.failure))
      return false
    }
    onChanged(result.data)
    return true
  }

  async function addNote() {
    if (note.trim().length < 2) {
      setProblem('请填写备注（至少 2 个字）')
      return
    }
    if (await run(() => riskApi.note(found.id, note.trim()))) setNote('')
  }

  async function decide(decision: RiskCaseDecision, reason: string): Promise<string | null> {
    const result = await riskApi.decide(found.id, decision, reason, canMarkFalsePositive(decision) && falsePositive)
    if (!result.ok) return failureMessageZh(result.failure)
    setDeciding(null)
    onChanged(result.data)
    return null
  }

  const operations: Column<RiskCaseView['operations'][number]>[] = [
    { header: '时间', cell: (o) => shanghaiDateTime(o.at), rowHeader: true },
    { header: '操作', cell: (o) => OPERATION_ZH[o.kind] },
    { header: '金额', cell: (o) => formatYuan(o.amountFen), num: true },
    { header: '规则看到的', cell: (o) => countersZh(o.counters) }
  ]

  return (
    <ConsoleCard title={`案件：${found.cardNo ? `会员卡 ${found.cardNo}` : found.cardId ? '会员卡' : `商户 ${found.merchantId}`}`} actions={<Badge tone={CASE_TONE[found.status]}>{RISK_CASE_STATUS_LABELS[found.status]}</Badge>}>
      <p>
        规则：{ruleZh(found.rule)}（第 {found.rule.version} 版）——{found.rule.reason}
      </p>
      <p>负责人：{found.assigneeName ?? '未认领'}</p>
      <ConsoleTable columns={operations} rows={found.operations} rowKey={(o) => `${o.kind}:${o.id}`} />
      <h3>备注</h3>
      {found.notes.length === 0 ? (
        <p>还没有备注。</p>
      ) : (
        <ul>
          {found.notes.map((n) => (
            <li key={`${n.createdAt}:${n.note}`}>
              {shanghaiDateTime(n.createdAt)} {n.operatorName ?? '平台运营'}：{n.note}
            </li>
          ))}
        </ul>
      )}
      {problem && <Notice tone='error'>{problem}</Notice>}
      {open ? (
        <>
          <TextArea label='添加备注' value={note} onChange={setNote} placeholder='例如：已致电持卡人核实' maxLength={500} />
          <div className='risk__actions'>
            <Button onClick={() => void addNote()} busyText={busy ? '正在保存…' : null}>
              保存备注
            </Button>
            {!found.assigneeName && (
              <Button onClick={() => void run(() => riskApi.assign(found.id))} busyText={busy ? '正在认领…' : null}>
                认领
              </Button>
            )}
            {decisionsFor(found).map((decision) => (
              <Button
                key={decision}
                variant={decision === 'FREEZE_CARD' || decision === 'REJECT' ? 'danger' : 'secondary'}
                onClick={() => {
                  setFalsePositive(false)
                  setDeciding(decision)
                }}
              >
                {RISK_CASE_DECISION_LABELS[decision]}
              </Button>
            ))}
          </div>
        </>
      ) : (
        <Notice tone='info'>
          已于 {shanghaiDateTime(found.decidedAt)} 处理：{found.decision ? RISK_CASE_DECISION_LABELS[found.decision] : RISK_CASE_STATUS_LABELS[found.status]}
          {found.falsePositive && '（已标记为误报）'}
        </Notice>
      )}
      {deciding && (
        <ReasonDialog
          title={`${RISK_CASE_DECISION_LABELS[deciding]}？`}
          description={DECISION_TEXT[deciding]}
          label='处理说明'
          placeholder='写下依据，会记入操作记录'
          confirmText={RISK_CASE_DECISION_LABELS[deciding]}
          busyText='正在处理…'
          danger={deciding === 'FREEZE_CARD' || deciding === 'REJECT'}
          onConfirm={(reason) => decide(deciding, reason)}
          onClose={() => setDeciding(null)}
        >
          {canMarkFalsePositive(deciding) && <Checkbox label='规则误伤了正常经营（标记为误报，计入风控指标）' checked={falsePositive} onChange={setFalsePositive} />}
        </ReasonDialog>
      )}
    </ConsoleCard>
  )
}

/** Only a case let go (released or closed) can have been a false alarm. */
function canMarkFalsePositive(decision: RiskCaseDecision): boolean {
  return decision === 'RELEASE' || decision === 'CLOSE'
}

/** Reject only where the rule holds money; a card freeze only where the case is about a card. */
function decisionsFor(found: RiskCaseView): RiskCaseDecision[] {
  return (['RELEASE', 'REJECT', 'FREEZE_CARD', 'CLOSE'] as const).filter((d) => (d !== 'REJECT' || found.rule.action === 'hold') && (d !== 'FREEZE_CARD' || found.cardId !== null))
}

function RulesInForce() {
  const rules = useLoad(() => riskApi.listRules())
  const columns: Column<RiskRuleView>[] = [
    { header: '规则', cell: (r) => RISK_RULE_KIND_LABELS[r.kind], rowHeader: true },
    { header: '适用范围', cell: (r) => (r.scope === 'platform' ? '全平台' : r.scope === 'merchant' ? '指定商户' : '指定卡产品') },
    { header: '阈值', cell: (r) => parametersZh(r.parameters, r.kind) },
    { header: '触发后', cell: (r) => RISK_ACTION_LABELS[r.action] },
    { header: '状态', cell: (r) => (r.enabled ? <Badge tone='good'>生效中</Badge> : <Badge tone='neutral'>已停用</Badge>) },
    { header: '版本', cell: (r) => `第 ${r.version} 版`, num: true }
  ]
  return (
    <ConsoleCard title='生效的风控规则'>
      {rules.state.status === 'loading' && <StatePanel kind='loading' text='正在加载规则…' />}
      {rules.state.status === 'failed' && <StatePanel kind='error' text={rules.state.messageZh} onRetry={() => void rules.reload()} />}
      {rules.state.status === 'ready' &&
        (rules.state.data.length === 0 ? <StatePanel kind='empty' text='还没有风控规则。' /> : <ConsoleTable columns={columns} rows={rules.state.data} rowKey={(r) => r.id} />)}
    </ConsoleCard>
  )
}
