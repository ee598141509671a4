import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ApiKeyCreated, ApiKeyView, OpenCardView } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { OpenRouteDocs } from '../open-api/open-api.docs';
import { OpenCardSchema } from '../open-api/open-api.schemas';
import { CreateApiKeyDto, RotateApiKeyDto } from './pos-apps.dto';
import { PosAppsService } from './pos-apps.service';
import { CurrentPos, PosAuthGuard, RequireScope, type PosPrincipal } from './pos-auth.guard';
import { PosCardsService } from './pos-cards.service';

const APP_KEY = /^pos_[A-Za-z0-9_-]{16}$/;

function appKeyOf(value: string): string {
  if (!APP_KEY.test(value)) throw new DomainError('API_KEY_NOT_FOUND');
  return value;
}

/** The merchant owner's API keys (the merchant comes from the token; secrets are shown once). */
@ApiTags('api-keys')
@Controller('merchant/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: PosAppsService) {}

  @Post()
  @Authenticated('staff', ['OWNER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateApiKeyDto): Promise<ApiKeyCreated> {
    return this.keys.createKey(staff, body);
  }

  @Get()
  @Authenticated('staff', ['OWNER'])
  list(@CurrentStaff() staff: StaffPrincipal): Promise<ApiKeyView[]> {
    return this.keys.listKeys(staff);
  }

  @Post(':appKey/rotate')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER'])
  rotate(@CurrentStaff() staff: StaffPrincipal, @Param('appKey') appKey: string, @Body() body: RotateApiKeyDto): Promise<ApiKeyCreated> {
    return this.keys.rotateKey(staff, appKeyOf(appKey), body.overlapSeconds ?? 86_400);
  }

  @Post(':appKey/revoke')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER'])
  revoke(@CurrentStaff() staff: StaffPrincipal, @Param('appKey') appKey: string): Promise<ApiKeyView> {
    return this.keys.revokeKey(staff, appKeyOf(appKey));
  }
}

/** Signed reads for a merchant's own systems (open API v1). */
@ApiTags('open-api')
@Controller('open/v1')
export class OpenCardsController {
  constructor(private readonly cards: PosCardsService) {}

  @Get('cards/:cardNo')
  @UseGuards(PosAuthGuard)
  @RequireScope('read_cards')
  @OpenRouteDocs('read_cards', 'One card: its status and balance (principal, bonus, total, points)', 'CARD_NOT_FOUND')
  @ApiParam({ name: 'cardNo', example: '8800123456789012' })
  @ApiOkResponse({ type: OpenCardSchema })
  card(@CurrentPos() pos: PosPrincipal, @Param('cardNo') cardNo: string): Promise<OpenCardView> {
    if (!/^\d{16,19}$/.test(cardNo)) throw new DomainError('CARD_NOT_FOUND');
    return this.cards.byCardNo(pos, cardNo);
  }
}
