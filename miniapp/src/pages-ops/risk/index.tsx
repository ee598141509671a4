import { OpsPage } from '@/features/ops/OpsPage'
import { RiskConsole } from '@/features/ops/risk/RiskConsole'
import { OPS_RISK_PAGE } from '@/features/ops/routes'

export default function OpsRisk() {
  return (
    <OpsPage current={OPS_RISK_PAGE} title='风控'>
      <RiskConsole />
    </OpsPage>
  )
}
