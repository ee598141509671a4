import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, type CreateWebhookEndpointRequest, type WebhookEventType } from '@jucard/shared';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class CreateWebhookEndpointDto implements CreateWebhookEndpointRequest {
  @ApiProperty({ example: 'https://erp.example.com/jucard/webhooks', description: 'https; private and loopback addresses are refused in production' })
  @IsString()
  @Length(8, 500)
  url: string;

  @ApiPropertyOptional({ example: 'ERP 订单同步' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  description?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Only these events; absent or empty = every event' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];
}

export class WebhookReplayDto {
  @ApiPropertyOptional({ example: 'msg_6f1c0d2a9b8e4f7a1c3d5e7f9a0b2c4d', description: 'Send this one message again' })
  @IsOptional()
  @IsString()
  @Matches(/^msg_[0-9a-f]{32}$/)
  messageId?: string;

  @ApiPropertyOptional({ example: '2026-12-03T00:00:00Z', description: 'Send again every message since this time that the endpoint has not acknowledged' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

export class WebhookDeliveriesQuery extends PageQuery {}
