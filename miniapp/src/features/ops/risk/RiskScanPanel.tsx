import { useState } from 'react'
import { formatYuan, RISK_RULE_KIND_LABELS, type RiskCaseView, type RiskScanView, type RiskScoreEvidence, type RiskScoreView } from '@jucard/shared'
import { failureMessageZh } from '../../api'
import { addDays, isBusinessDate, shanghaiDateTime, shanghaiToday } from '../../console/business-day'
import { ConsoleCard } from '../../console/ConsoleCard'
import { ConsoleTable, type Column } from '../../console/ConsoleTable'
import { Button, Notice, TextField } from '../../console/controls'
import { StatePanel } from '../../ui/StatePanel'
import { riskApi } from './risk-client'
import { countersZh } from './risk-labels'

type Loaded = { status: 'idle' } | { status: 'loading'; text: string } | { status: 'none' } | { status: 'ready'; scan: RiskScanView } | { status: 'failed'; messageZh: string }

const EVIDENCE_ZH: Record<RiskScoreEvidence['kind'], string> = { CARD: '会员卡', TOPUP: '充值', REDEMPTION: '消费' }

/**
 * 日终扫描: a business day's findings of the nightly scan (yesterday's by default: the night's close scans it after
 * reconciliation), each with its score, the figures and the rows behind it, and its case. An operator can scan a day
 * now — today's is what has happened so far.
 */
export function RiskScanPanel({ onOpenCase }: { onOpenCase: (found: RiskCaseView) => void }) {
  const [date, setDate] = useState(addDays(shanghaiToday(), -1))
  const [loaded, setLoaded] = useState<Loaded>({ status: 'idle' })
  const [open, setOpen] = useState<RiskScoreView | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  async function load(scanNow: boolean) {
    if (!isBusinessDate(date) || date > shanghaiToday()) {
      setProblem('请选择今天或之前的营业日')
      return
    }
    setProblem(null)
    setOpen(null)
    setLoaded({ status: 'loading', text: scanNow ? `正在扫描 ${date}…` : `正在读取 ${date} 的扫描结果…` })
    const result = scanNow ? await riskApi.scan(date) : await riskApi.scanOf(date)
    if (result.ok) setLoaded({ status: 'ready', scan: result.data })
    else if (!scanNow && result.failure.kind === 'rejected' && result.failure.envelope.code === 'RISK_SCAN_NOT_FOUND') setLoaded({ status: 'none' })
    else setLoaded({ status: 'failed', messageZh: failureMessageZh(result.failure) })
  }

  async function openCase(caseId: string) {
    const result = await riskApi.getCase(caseId)
    if (result.ok) onOpenCase(result.data)
    else setProblem(failureMessageZh(result.failure))
  }

  const columns: Column<RiskScoreView>[] = [
    { header: '发现', cell: (s) => RISK_RULE_KIND_LABELS[s.kind], rowHeader: true },
    { header: '对象', cell: (s) => (s.subjectType === 'card' ? `会员卡 ${s.cardNo ?? s.subjectId}（${s.merchantName}）` : `商户 ${s.merchantName}`) },
    { header: '分数', cell: (s) => s.score, num: true },
    { header: '依据', cell: (s) => countersZh(s.counters) },
    {
      header: '操作',
      cell: (s) => (
        <span className='risk__actions'>
          <Button variant='plain' onClick={() => setOpen(open?.subjectId === s.subjectId && open.ruleId === s.ruleId ? null : s)}>
            {open?.subjectId === s.subjectId && open.ruleId === s.ruleId ? '收起明细' : '查看明细'}
          </Button>
          {s.caseId && (
            <Button variant='plain' onClick={() => void openCase(s.caseId!)}>
              查看案件
            </Button>
          )}
        </span>
      )
    }
  ]

  const evidenceColumns: Column<RiskScoreEvidence>[] = [
    { header: '类型', cell: (e) => EVIDENCE_ZH[e.kind], rowHeader: true },
    { header: '卡号 / 单号', cell: (e) => (e.kind === 'CARD' ? (e.cardNo ?? e.id) : e.id) },
    { header: '金额', cell: (e) => formatYuan(e.amountFen), num: true },
    { header: '笔数', cell: (e) => e.count, num: true },
    { header: '付款账户（近 30 天）', cell: (e) => (e.payers === null ? '—' : `${e.payers} 个`), num: true },
    { header: '时间', cell: (e) => (e.at ? shanghaiDateTime(e.at) : '当日合计') }
  ]

  return (
    <ConsoleCard title='日终扫描'>
      <div className='risk__scan-form'>
        <TextField label='营业日' type='date' value={date} onChange={setDate} hint='北京时间；每晚对账完成后自动扫描前一天' />
        <Button onClick={() => void load(false)} busyText={loaded.status === 'loading' ? '正在读取…' : null}>
          查看结果
        </Button>
        <Button onClick={() => void load(true)} busyText={loaded.status === 'loading' ? '正在扫描…' : null}>
          立即扫描
        </Button>
      </div>
      {problem && <Notice tone='error'>{problem}</Notice>}
      {loaded.status === 'idle' && <StatePanel kind='empty' text='选择营业日后查看扫描结果。' />}
      {loaded.status === 'loading' && <StatePanel kind='loading' text={loaded.text} />}
      {loaded.status === 'none' && <StatePanel kind='empty' text={`${date} 还没有扫描过。可点「立即扫描」。`} />}
      {loaded.status === 'failed' && <StatePanel kind='error' text={loaded.messageZh} onRetry={() => void load(false)} />}
      {loaded.status === 'ready' && (
        <>
          <p className='risk__summary'>
            {loaded.scan.businessDate}（{loaded.scan.trigger === 'SCHEDULED' ? '夜间自动扫描' : '手动扫描'}，{shanghaiDateTime(loaded.scan.finishedAt)} 完成）：有消费的商户 {loaded.scan.merchantsScanned} 家、会员卡{' '}
            {loaded.scan.cardsScanned} 张，发现 {loaded.scan.findings} 项。
          </p>
          {loaded.scan.scores.length === 0 ? (
            <StatePanel kind='empty' text='这一天没有发现异常。' />
          ) : (
            <ConsoleTable columns={columns} rows={loaded.scan.scores} rowKey={(s) => `${s.ruleId}:${s.subjectId}`} />
          )}
          {open && (
            <ConsoleCard title={`明细：${open.subjectType === 'card' ? `会员卡 ${open.cardNo ?? open.subjectId}` : `商户 ${open.merchantName}`}`} as='div'>
              <ConsoleTable columns={evidenceColumns} rows={open.evidence} rowKey={(e) => `${e.kind}:${e.id}`} />
            </ConsoleCard>
          )}
        </>
      )}
    </ConsoleCard>
  )
}
