import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CampaignOfferView, CampaignResultsView, CampaignView } from '@jucard/shared';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentConsumer, CurrentStaff } from '../auth/auth.guard';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { sendCsvDownload } from '../back-office/report-csv';
import { uuidParam } from '../common/uuid-param.pipe';
import { campaignResultsCsvFileNames, campaignResultsCsvRecords } from './campaigns-csv';
import { CampaignDto, CampaignRewardsDto } from './campaigns.dto';
import { CampaignsService } from './campaigns.service';

const id = () => uuidParam('campaignId');

@ApiTags('marketing')
@Controller('merchant/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CampaignDto): Promise<CampaignView> {
    return this.campaigns.create(staff, body);
  }

  @Get()
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  list(@CurrentStaff() staff: StaffPrincipal): Promise<CampaignView[]> {
    return this.campaigns.list(staff);
  }

  @Get(':campaignId')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  get(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string): Promise<CampaignView> {
    return this.campaigns.get(staff, campaignId);
  }

  @Put(':campaignId/rewards')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  changeRewards(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string, @Body() body: CampaignRewardsDto): Promise<CampaignView> {
    return this.campaigns.changeRewards(staff, campaignId, body);
  }

  @Post(':campaignId/pause')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  pause(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string): Promise<CampaignView> {
    return this.campaigns.pause(staff, campaignId);
  }

  @Post(':campaignId/resume')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  resume(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string): Promise<CampaignView> {
    return this.campaigns.resume(staff, campaignId);
  }

  @Get(':campaignId/results')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  results(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string): Promise<CampaignResultsView> {
    return this.campaigns.results(staff, campaignId);
  }

  /** The results per day as CSV (UTF-8 with BOM for Excel), with 合计. */
  @Get(':campaignId/results.csv')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  async resultsCsv(@CurrentStaff() staff: StaffPrincipal, @Param('campaignId', id()) campaignId: string, @Res() res: FastifyReply): Promise<void> {
    const campaign = await this.campaigns.get(staff, campaignId);
    const results = await this.campaigns.results(staff, campaignId);
    await sendCsvDownload(res, campaignResultsCsvFileNames(campaign), campaignResultsCsvRecords(results.days), 'campaign results');
  }
}

@ApiTags('marketing')
@Controller('me/cards')
export class ConsumerCampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** The campaign a top-up of this card is made under now, with each tier's reward; null when none runs. */
  @Get(':cardId/campaign-offer')
  @Authenticated('consumer')
  offer(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CampaignOfferView | null> {
    return this.campaigns.offerOfCard(consumer, cardId);
  }
}
