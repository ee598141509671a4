import { DayClose } from '@/features/ops/day-close/DayClose'
import { OpsPage } from '@/features/ops/OpsPage'
import { OPS_DAY_CLOSE_PAGE } from '@/features/ops/routes'

export default function OpsDayClose() {
  return (
    <OpsPage current={OPS_DAY_CLOSE_PAGE} title='日终'>
      <DayClose />
    </OpsPage>
  )
}
