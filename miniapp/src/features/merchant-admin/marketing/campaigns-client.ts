import type { CampaignInput, CampaignResultsView, CampaignRewardsInput, CampaignView } from '@jucard/shared'
import { fileDownload, type SavedFile } from '@/platform/download'
import { merchantApi } from '../../api/client'
import { pathSegment as id, type AuthedCall } from '../../api/transport'

/** 充值活动 in the back office (owner or manager): campaigns, their reward versions, pause / resume, results. */
export function createCampaignsAdminApi(call: AuthedCall) {
  return {
    list: () => call<CampaignView[]>({ method: 'GET', path: '/merchant/campaigns' }),
    create: (body: CampaignInput) => call<CampaignView>({ method: 'POST', path: '/merchant/campaigns', body }),
    /** A new version of the reward packs; top-ups already created keep theirs. */
    changeRewards: (campaignId: string, body: CampaignRewardsInput) => call<CampaignView>({ method: 'PUT', path: `/merchant/campaigns/${id(campaignId)}/rewards`, body }),
    pause: (campaignId: string) => call<CampaignView>({ method: 'POST', path: `/merchant/campaigns/${id(campaignId)}/pause` }),
    resume: (campaignId: string) => call<CampaignView>({ method: 'POST', path: `/merchant/campaigns/${id(campaignId)}/resume` }),
    results: (campaignId: string) => call<CampaignResultsView>({ method: 'GET', path: `/merchant/campaigns/${id(campaignId)}/results` }),
    downloadResults: (campaignId: string, fallbackName: string) => call<SavedFile>({ method: 'GET', path: `/merchant/campaigns/${id(campaignId)}/results.csv` }, fileDownload(fallbackName))
  }
}

export const campaignsAdminApi = createCampaignsAdminApi(merchantApi.authedCall)
