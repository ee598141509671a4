import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { WebhookDeliveryPage, WebhookEndpointCreated, WebhookEndpointView, WebhookReplayResult } from '@jucard/shared';
import { Authenticated, CurrentStaff } from '../auth/auth.guard';
import type { StaffPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { CreateWebhookEndpointDto, WebhookDeliveriesQuery, WebhookReplayDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** The merchant owner's webhook endpoints (the merchant comes from the token). */
@ApiTags('webhooks')
@Controller('merchant/webhook-endpoints')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Authenticated('staff', ['OWNER'])
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointCreated> {
    return this.webhooks.create(staff, body);
  }

  @Get()
  @Authenticated('staff', ['OWNER'])
  list(@CurrentStaff() staff: StaffPrincipal): Promise<WebhookEndpointView[]> {
    return this.webhooks.list(staff);
  }

  @Post(':endpointId/disable')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER'])
  disable(@CurrentStaff() staff: StaffPrincipal, @Param('endpointId', uuidParam('endpointId')) endpointId: string): Promise<WebhookEndpointView> {
    return this.webhooks.disable(staff, endpointId);
  }

  @Get(':endpointId/deliveries')
  @Authenticated('staff', ['OWNER'])
  deliveries(@CurrentStaff() staff: StaffPrincipal, @Param('endpointId', uuidParam('endpointId')) endpointId: string, @Query() query: WebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    return this.webhooks.deliveries(staff, endpointId, query.cursor, query.limit ?? 50);
  }

  @Post(':endpointId/replay')
  @HttpCode(200)
  @Authenticated('staff', ['OWNER'])
  replay(@CurrentStaff() staff: StaffPrincipal, @Param('endpointId', uuidParam('endpointId')) endpointId: string, @Body() body: WebhookReplayDto): Promise<WebhookReplayResult> {
    return this.webhooks.replay(staff, endpointId, body);
  }
}
