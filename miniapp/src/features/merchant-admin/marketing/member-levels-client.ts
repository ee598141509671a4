import type { MemberLadderRequest, MemberLadderView } from '@jucard/shared'
import { merchantApi } from '../../api/client'
import type { AuthedCall } from '../../api/transport'

/** 会员等级 in the back office (owner or manager): the merchant's ladder by cumulative top-up, lowest first. */
export function createMemberLevelsAdminApi(call: AuthedCall) {
  return {
    ladder: () => call<MemberLadderView>({ method: 'GET', path: '/merchant/member-levels' }),
    /** Replaces the whole ladder (no levels: empty); applies to every member at once. */
    saveLadder: (body: MemberLadderRequest) => call<MemberLadderView>({ method: 'PUT', path: '/merchant/member-levels', body })
  }
}

export const memberLevelsAdminApi = createMemberLevelsAdminApi(merchantApi.authedCall)
