import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { BalanceRefundView, CouponCheckView, CouponView, RefundQuoteView } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import { uuidParam } from '../common/uuid-param.pipe';
import { CurrentPos, type PosPrincipal } from '../redemption/pos-auth.guard';
import { BalanceRefundSchema, CouponCheckSchema, CouponSchema, RefundQuoteSchema } from './open-api-desk.schemas';
import { OpenApiDeskService } from './open-api-desk.service';
import { CouponCheckQuery, OpenIssueCouponDto, OpenRefundDto } from './open-api.dto';
import { OpenRoute } from './open-api.docs';

function cardNoOf(value: string): string {
  // a malformed number cannot be a card: answered like an unknown one, as GET /open/v1/cards/:cardNo does
  if (!/^\d{16,19}$/.test(value)) throw new DomainError('CARD_NOT_FOUND');
  return value;
}

const IDEMPOTENCY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: true,
  description: '8–64 of [A-Za-z0-9_-:.], generated once per request and sent again on every retry',
});
const CARD_NO_PARAM = ApiParam({ name: 'cardNo', example: '8800123456789012' });

/** Open API v1, the service desk: 退卡 at the counter (scope refunds) and coupons (scope coupons). */
@ApiTags('open-api')
@Controller('open/v1')
export class OpenApiDeskController {
  constructor(private readonly desk: OpenApiDeskService) {}

  @Get('cards/:cardNo/refund-quote')
  @OpenRoute('refunds', 'What 退卡 would return now, with the pro-rata calculation (changes nothing)', 'CARD_NOT_FOUND', 'CARD_NOT_ACTIVE', 'NOTHING_TO_REFUND', 'REFUND_NOT_POSSIBLE')
  @CARD_NO_PARAM
  @ApiOkResponse({ type: RefundQuoteSchema })
  refundQuote(@CurrentPos() pos: PosPrincipal, @Param('cardNo') cardNo: string): Promise<RefundQuoteView> {
    return this.desk.refundQuote(pos, cardNoOf(cardNo));
  }

  @Post('cards/:cardNo/refunds')
  @HttpCode(201)
  @OpenRoute(
    'refunds',
    '退卡 on the member’s request: unused principal back to the original payments (pro rata), bonus forfeited, card closed',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REQUIRED',
    'IDEMPOTENCY_KEY_REUSED',
    'CARD_NOT_FOUND',
    'CARD_NOT_ACTIVE',
    'NOTHING_TO_REFUND',
    'REFUND_NOT_POSSIBLE',
    'REFUND_QUOTE_CHANGED',
    'RISK_BLOCKED',
    'RISK_HELD',
  )
  @CARD_NO_PARAM
  @IDEMPOTENCY_HEADER
  @ApiBody({ type: OpenRefundDto, examples: { confirmed: { value: { quotedRefundFen: 30_450 } } } })
  @ApiCreatedResponse({ type: BalanceRefundSchema, description: 'The refund (PROCESSING until every channel confirms); the same Idempotency-Key and body answer it again' })
  refund(
    @CurrentPos() pos: PosPrincipal,
    @Param('cardNo') cardNo: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: OpenRefundDto,
  ): Promise<BalanceRefundView> {
    return this.desk.refund(pos, idempotencyKey, cardNoOf(cardNo), body);
  }

  @Get('cards/:cardNo/refunds/:refundId')
  @OpenRoute('refunds', 'One refund of the card: its parts and whether each channel has confirmed', 'VALIDATION_FAILED', 'CARD_NOT_FOUND', 'REFUND_NOT_FOUND')
  @CARD_NO_PARAM
  @ApiParam({ name: 'refundId', format: 'uuid' })
  @ApiOkResponse({ type: BalanceRefundSchema })
  refundStatus(@CurrentPos() pos: PosPrincipal, @Param('cardNo') cardNo: string, @Param('refundId', uuidParam('refundId')) refundId: string): Promise<BalanceRefundView> {
    return this.desk.refundStatus(pos, cardNoOf(cardNo), refundId);
  }

  @Post('coupon-templates/:templateId/issues')
  @HttpCode(201)
  @OpenRoute(
    'coupons',
    'Issue one coupon of a template to a member, found by card number or phone',
    'VALIDATION_FAILED',
    'IDEMPOTENCY_KEY_REQUIRED',
    'IDEMPOTENCY_KEY_REUSED',
    'COUPON_TEMPLATE_NOT_FOUND',
    'MEMBER_NOT_FOUND',
    'COUPON_TEMPLATE_STOPPED',
    'COUPON_TEMPLATE_ENDED',
    'COUPON_SOLD_OUT',
    'COUPON_LIMIT_REACHED',
    'MERCHANT_FROZEN',
    'MERCHANT_NOT_APPROVED',
  )
  @ApiParam({ name: 'templateId', format: 'uuid', description: 'A coupon template of this merchant (back office → 优惠券)' })
  @IDEMPOTENCY_HEADER
  @ApiBody({ type: OpenIssueCouponDto, examples: { byCard: { value: { cardNo: '8800123456789012' } }, byPhone: { value: { phone: '13800138000' } } } })
  @ApiCreatedResponse({ type: CouponSchema, description: 'The coupon; its id is the code a redemption takes as couponId' })
  issueCoupon(
    @CurrentPos() pos: PosPrincipal,
    @Param('templateId', uuidParam('templateId')) templateId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: OpenIssueCouponDto,
  ): Promise<CouponView> {
    return this.desk.issueCoupon(pos, idempotencyKey, templateId, body);
  }

  @Get('coupons/:couponId/check')
  @OpenRoute('coupons', 'Would this coupon take something off this sale, with this card, at this store, now (uses nothing)', 'VALIDATION_FAILED', 'CARD_NOT_FOUND', 'COUPON_NOT_FOUND', 'STORE_NOT_ALLOWED')
  @ApiParam({ name: 'couponId', format: 'uuid', description: 'The coupon’s code (its id)' })
  @ApiOkResponse({ type: CouponCheckSchema, description: 'usable with discountFen and payFen, or usable: false with the reason' })
  checkCoupon(@CurrentPos() pos: PosPrincipal, @Param('couponId', uuidParam('couponId')) couponId: string, @Query() query: CouponCheckQuery): Promise<CouponCheckView> {
    return this.desk.checkCoupon(pos, couponId, query);
  }
}
