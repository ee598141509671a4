import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { canManageMerchant, type PosAppCreated, type RedemptionList, type RedemptionView, type ReversalView } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { uuidParam } from '../common/uuid-param.pipe';
import { CurrentPos, PosAuthGuard, RequireScope, type PosPrincipal } from './pos-auth.guard';
import { PosAppsService } from './pos-apps.service';
import { CreatePosAppDto, PosRedeemDto, RedeemDto, RedemptionListQuery, ReverseDto } from './redemption.dto';
import { businessDay, RedemptionQueries } from './redemption-queries.service';
import { RedemptionService, type Till } from './redemption.service';
import { ReversalService } from './reversal.service';

/** Owners and managers work at every store; cashiers at the stores on their account. */
function tillOf(staff: StaffPrincipal): Till {
  return {
    merchantId: staff.merchantId,
    storeIds: canManageMerchant(staff.role) ? null : staff.storeIds,
    operatorType: 'staff',
    operatorId: staff.staffId,
  };
}

@ApiTags('redemption')
@Controller('merchant')
export class RedemptionController {
  constructor(
    private readonly redemptions: RedemptionService,
    private readonly reversals: ReversalService,
    private readonly queries: RedemptionQueries,
    private readonly posApps: PosAppsService,
    private readonly clock: Clock,
  ) {}

  @Post('redemptions')
  @Authenticated('staff')
  redeem(@CurrentStaff() staff: StaffPrincipal, @Body() body: RedeemDto): Promise<RedemptionView> {
    return this.redemptions.redeem(tillOf(staff), body);
  }

  @Get('redemptions')
  @Authenticated('staff')
  list(@CurrentStaff() staff: StaffPrincipal, @Query() query: RedemptionListQuery): Promise<RedemptionList> {
    const till = tillOf(staff);
    if (query.storeId && till.storeIds && !till.storeIds.includes(query.storeId)) throw new DomainError('STORE_NOT_ALLOWED');
    const storeIds = query.storeId ? [query.storeId] : till.storeIds;
    return this.queries.list(staff.merchantId, storeIds, businessDay(query.date, this.clock.now()), query.cursor, query.limit ?? 50);
  }

  @Post('redemptions/:redemptionId/reversals')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  reverse(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('redemptionId', uuidParam('redemptionId')) redemptionId: string,
    @Body() body: ReverseDto,
  ): Promise<ReversalView> {
    return this.reversals.reverse(tillOf(staff), redemptionId, body);
  }

  @Post('pos-apps')
  @Authenticated('staff', ['OWNER', 'MANAGER'])
  createPosApp(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreatePosAppDto): Promise<PosAppCreated> {
    return this.posApps.create(staff, body.storeId, body.name);
  }
}

@ApiTags('pos')
@Controller('pos')
export class PosController {
  constructor(private readonly redemptions: RedemptionService) {}

  @Post('redemptions')
  @HttpCode(201)
  @UseGuards(PosAuthGuard)
  @RequireScope('redeem')
  @ApiHeader({ name: 'X-JuCard-App-Key', required: true })
  @ApiHeader({ name: 'X-JuCard-Timestamp', required: true, description: 'Unix seconds' })
  @ApiHeader({ name: 'X-JuCard-Nonce', required: true })
  @ApiHeader({ name: 'X-JuCard-Signature', required: true, description: 'base64 HMAC-SHA256, see docs/redemption.md' })
  redeem(@CurrentPos() pos: PosPrincipal, @Body() body: PosRedeemDto): Promise<RedemptionView> {
    return this.redemptions.redeem(
      { merchantId: pos.merchantId, storeIds: [pos.storeId], operatorType: 'pos', operatorId: pos.appKey },
      { ...body, storeId: pos.storeId },
    );
  }
}
