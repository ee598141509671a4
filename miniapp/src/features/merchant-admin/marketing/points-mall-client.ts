import type { PointsItemInput, PointsItemView } from '@jucard/shared'
import { merchantApi } from '../../api/client'
import { pathSegment as id, type AuthedCall } from '../../api/transport'

/** 积分商城 in the back office (owner or manager): the items on offer for points, adding one, 下架 (docs/marketing.md). */
export function createPointsMallAdminApi(call: AuthedCall) {
  return {
    /** Newest first, every status. */
    pointsItems: () => call<PointsItemView[]>({ method: 'GET', path: '/merchant/points-items' }),
    createPointsItem: (body: PointsItemInput) => call<PointsItemView>({ method: 'POST', path: '/merchant/points-items', body }),
    /** No more exchanges; coupons already exchanged stay valid. */
    stopPointsItem: (itemId: string) => call<PointsItemView>({ method: 'POST', path: `/merchant/points-items/${id(itemId)}/stop` })
  }
}

export const pointsMallAdminApi = createPointsMallAdminApi(merchantApi.authedCall)
