import type { RiskCaseDecision, RiskCaseList, RiskCaseStatus, RiskCaseView, RiskMetricsView, RiskRuleView, RiskScanView } from '@jucard/shared'
import { operatorApi } from '../../api/operator-client'

const id = encodeURIComponent
const call = operatorApi.call

/** The risk console's calls (docs/risk.md): the case queue, the rules, the nightly scan and the metrics, on the operator's session. */
export const riskApi = {
  listCases: (status?: RiskCaseStatus) => call<RiskCaseList>({ method: 'GET', path: '/operator/risk/cases', query: { status } }),
  getCase: (caseId: string) => call<RiskCaseView>({ method: 'GET', path: `/operator/risk/cases/${id(caseId)}` }),
  assign: (caseId: string) => call<RiskCaseView>({ method: 'POST', path: `/operator/risk/cases/${id(caseId)}/assign` }),
  note: (caseId: string, note: string) => call<RiskCaseView>({ method: 'POST', path: `/operator/risk/cases/${id(caseId)}/notes`, body: { note } }),
  decide: (caseId: string, decision: RiskCaseDecision, note: string, falsePositive = false) =>
    call<RiskCaseView>({ method: 'POST', path: `/operator/risk/cases/${id(caseId)}/decision`, body: { decision, note, falsePositive } }),
  listRules: () => call<RiskRuleView[]>({ method: 'GET', path: '/operator/risk/rules' }),
  metrics: (days: number) => call<RiskMetricsView>({ method: 'GET', path: '/operator/risk/metrics', query: { days: String(days) } }),
  scanOf: (businessDate: string) => call<RiskScanView>({ method: 'GET', path: `/operator/risk/scans/${id(businessDate)}` }),
  scan: (businessDate: string) => call<RiskScanView>({ method: 'POST', path: '/operator/risk/scans', body: { businessDate } })
}
