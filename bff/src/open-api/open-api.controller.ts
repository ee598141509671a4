import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { CardEvent, Page, RedemptionView, ReversalView, TopUpView, WebhookEndpointView } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param.pipe';
import { CurrentPos, type PosPrincipal } from '../redemption/pos-auth.guard';
import { ReverseDto } from '../redemption/redemption.dto';
import { MemberLookupQuery, OpenRedeemDto, OpenTopUpDto } from './open-api.dto';
import { OpenRoute } from './open-api.docs';
import { CardEventPageSchema, OpenMemberSchema, RedemptionSchema, ReversalSchema, TopUpSchema, WebhookEndpointSchema } from './open-api.schemas';
import { OpenApiService } from './open-api.service';

function cardNoOf(value: string): string {
  // a malformed number cannot be a card: answered like an unknown one, as GET /open/v1/cards/:cardNo does
  if (!/^\d{16,19}$/.test(value)) throw new DomainError('CARD_NOT_FOUND');
  return value;
}

/** Open API v1: signed per request with the POS scheme (docs/open-api.md); the merchant and stores come from the key. */
@ApiTags('open-api')
@ApiExtraModels(OpenMemberSchema)
@Controller('open/v1')
export class OpenApiController {
  constructor(private readonly open: OpenApiService) {}

  @Get('members')
  @OpenRoute('read_cards', 'Look up a member by card number or phone', 'VALIDATION_FAILED', 'CARD_NOT_FOUND')
  @ApiOkResponse({ type: OpenMemberSchema, description: 'The holder and their cards at this merchant' })
  member(@CurrentPos() pos: PosPrincipal, @Query() query: MemberLookupQuery): Promise<OpenMemberSchema> {
    return this.open.member(pos, query);
  }

  @Get('cards/:cardNo/events')
  @OpenRoute('read_cards', 'A card’s movements, newest first, one per business event', 'VALIDATION_FAILED', 'CARD_NOT_FOUND')
  @ApiParam({ name: 'cardNo', example: '8800123456789012' })
  @ApiOkResponse({ type: CardEventPageSchema })
  events(@CurrentPos() pos: PosPrincipal, @Param('cardNo') cardNo: string, @Query() query: PageQuery): Promise<Page<CardEvent>> {
    return this.open.events(pos, cardNoOf(cardNo), query.cursor, query.limit);
  }

  @Post('redemptions')
  @HttpCode(201)
  @OpenRoute(
    'redeem',
    'Redeem: take a sale from the member’s code (merchantOrderNo is the idempotency key)',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REUSED',
    'MEMBER_CODE_INVALID',
    'MEMBER_CODE_EXPIRED',
    'MEMBER_CODE_USED',
    'CARD_OF_ANOTHER_MERCHANT',
    'CARD_NOT_ACTIVE',
    'CARD_EXPIRED',
    'INSUFFICIENT_BALANCE',
    'STORE_NOT_ALLOWED',
    'MERCHANT_FROZEN',
    'MERCHANT_NOT_APPROVED',
  )
  @ApiBody({ type: OpenRedeemDto, examples: { sale: { value: { code: '931234567890123456', amountFen: 3000, merchantOrderNo: 'POS1-20261203-0001' } } } })
  @ApiCreatedResponse({ type: RedemptionSchema, description: 'The receipt (replayed: true for a resend of the same merchantOrderNo and body)' })
  redeem(@CurrentPos() pos: PosPrincipal, @Body() body: OpenRedeemDto): Promise<RedemptionView> {
    return this.open.redeem(pos, body);
  }

  @Post('redemptions/:redemptionId/reversals')
  @HttpCode(201)
  @OpenRoute(
    'redeem',
    'Reverse all or part of a sale (reversalNo is the idempotency key)',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REUSED',
    'REDEMPTION_NOT_FOUND',
    'REVERSAL_EXCEEDS_REMAINING',
    'STORE_NOT_ALLOWED',
  )
  @ApiBody({ type: ReverseDto, examples: { partial: { value: { amountFen: 1000, reversalNo: 'RV-20261203-0001', reason: '退菜' } } } })
  @ApiCreatedResponse({ type: ReversalSchema })
  reverse(@CurrentPos() pos: PosPrincipal, @Param('redemptionId', uuidParam('redemptionId')) redemptionId: string, @Body() body: ReverseDto): Promise<ReversalView> {
    return this.open.reverse(pos, redemptionId, body);
  }

  @Post('topup-orders')
  @HttpCode(201)
  @OpenRoute(
    'topup_orders',
    'A top-up order the member pays at the counter (show cashierUrl as a QR code)',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REQUIRED',
    'IDEMPOTENCY_KEY_REUSED',
    'CARD_NOT_FOUND',
    'CARD_NOT_ACTIVE',
    'CARD_EXPIRED',
    'BALANCE_LIMIT_EXCEEDED',
    'CHANNEL_NOT_ENABLED',
    'MERCHANT_FROZEN',
    'MERCHANT_NOT_APPROVED',
    'CHANNEL_UNAVAILABLE',
  )
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–64 of [A-Za-z0-9_-:.], generated once per order and sent again on every retry' })
  @ApiBody({ type: OpenTopUpDto, examples: { counter: { value: { cardNo: '8800123456789012', amountFen: 50000, channel: 'ALIPAY' } } } })
  @ApiCreatedResponse({ type: TopUpSchema, description: 'The order; the same Idempotency-Key and body answer the same order again' })
  createTopUp(@CurrentPos() pos: PosPrincipal, @Headers('idempotency-key') idempotencyKey: string | undefined, @Body() body: OpenTopUpDto): Promise<TopUpView> {
    return this.open.createTopUp(pos, idempotencyKey, body);
  }

  @Get('topup-orders/:orderId')
  @OpenRoute('topup_orders', 'A top-up order of one of the merchant’s cards: has the member paid yet', 'VALIDATION_FAILED', 'TOPUP_NOT_FOUND')
  @ApiParam({ name: 'orderId', format: 'uuid', description: 'orderId of POST /open/v1/topup-orders' })
  @ApiOkResponse({ type: TopUpSchema, description: 'PAYING until the channel confirms, then PAID (the card credited); CLOSED when it expired unpaid' })
  topUpOrder(@CurrentPos() pos: PosPrincipal, @Param('orderId', uuidParam('orderId')) orderId: string): Promise<TopUpView> {
    return this.open.topUpOrder(pos, orderId);
  }

  @Get('webhook-endpoints')
  @OpenRoute('webhooks', 'The merchant’s webhook endpoints (managed in the back office)')
  @ApiOkResponse({ type: [WebhookEndpointSchema] })
  webhookEndpoints(@CurrentPos() pos: PosPrincipal): Promise<WebhookEndpointView[]> {
    return this.open.webhookEndpoints(pos);
  }
}
