import { Freeze } from '@/features/ops/freeze/Freeze'
import { OpsPage } from '@/features/ops/OpsPage'
import { OPS_FREEZE_PAGE } from '@/features/ops/routes'

export default function OpsFreeze() {
  return (
    <OpsPage current={OPS_FREEZE_PAGE} title='冻结'>
      <Freeze />
    </OpsPage>
  )
}
