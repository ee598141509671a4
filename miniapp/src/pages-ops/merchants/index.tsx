import { OpsPage } from '@/features/ops/OpsPage'
import { ReviewQueue } from '@/features/ops/review/ReviewQueue'
import { OPS_MERCHANTS_PAGE } from '@/features/ops/routes'

export default function OpsMerchants() {
  return (
    <OpsPage current={OPS_MERCHANTS_PAGE} title='商户审核'>
      <ReviewQueue />
    </OpsPage>
  )
}
