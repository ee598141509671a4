import { OpsPage } from '@/features/ops/OpsPage'
import { QuarterlyReport } from '@/features/ops/reports/QuarterlyReport'
import { OPS_REPORTS_PAGE } from '@/features/ops/routes'

export default function OpsReports() {
  return (
    <OpsPage current={OPS_REPORTS_PAGE} title='季度报表'>
      <QuarterlyReport />
    </OpsPage>
  )
}
