// Response schemas of the open API's refund and coupon routes (see open-api.schemas.ts for why they are classes).
import { ApiProperty } from '@nestjs/swagger';
import {
  COUPON_KINDS,
  COUPON_SOURCES,
  COUPON_STATUSES,
  PAYMENT_CHANNELS,
  type BalanceRefundView,
  type CardRefundRuleName,
  type CouponCheckView,
  type CouponKind,
  type CouponSource,
  type CouponStatus,
  type CouponView,
  type PaymentChannelName,
  type RefundCalculationView,
  type RefundQuoteView,
} from '@jucard/shared';

const ISO_TIME = '2026-12-03T08:00:00.000Z';
const REFUND_RULES: CardRefundRuleName[] = ['PRO_RATA', 'COOLING_OFF', 'DOUBLE_PAYMENT'];
const REFUND_STATUSES = ['PROCESSING', 'SUCCEEDED', 'FAILED'] as const;
type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The docs/compliance.md example: ¥3,000 paid + ¥1,000 bonus, ¥3,594 used → ¥304.50 back. */
export class RefundCalculationSchema implements RefundCalculationView {
  @ApiProperty({ enum: REFUND_RULES, example: 'PRO_RATA' })
  rule: CardRefundRuleName;

  @ApiProperty({ example: 300_000, description: 'Principal paid by the card’s refundable top-ups, fen' })
  paidFen: number;

  @ApiProperty({ example: 100_000, description: 'Bonus given with them, fen' })
  bonusGrantedFen: number;

  @ApiProperty({ example: 359_400, description: 'Value used so far, principal and bonus together, fen' })
  consumedFen: number;

  @ApiProperty({ example: 269_550, description: 'What counts against principal: consumed × paid / (paid + bonus), rounded down' })
  consumedPrincipalFen: number;

  @ApiProperty({ example: 30_450, description: 'paid − consumed principal: what goes back to the original payments' })
  refundFen: number;

  @ApiProperty({ example: 4_050, description: 'Bonus still on the card, forfeited' })
  bonusForfeitedFen: number;
}

export class RefundQuoteSchema extends RefundCalculationSchema implements RefundQuoteView {
  @ApiProperty({ format: 'uuid' })
  cardId: string;

  @ApiProperty({ example: 36_550, description: 'Principal on the card now, fen' })
  principalBalanceFen: number;

  @ApiProperty({ example: 4_050, description: 'Bonus on the card now, fen' })
  bonusBalanceFen: number;

  @ApiProperty({ example: ISO_TIME })
  quotedAt: string;
}

export class RefundPartSchema {
  @ApiProperty({ enum: PAYMENT_CHANNELS, example: 'WECHATPAY', description: 'The channel of the top-up this part goes back through' })
  channel: PaymentChannelName;

  @ApiProperty({ example: 30_450 })
  amountFen: number;

  @ApiProperty({ enum: REFUND_STATUSES, example: 'SUCCEEDED' })
  status: RefundStatus;
}

export class BalanceRefundSchema implements BalanceRefundView {
  @ApiProperty({ format: 'uuid' })
  refundId: string;

  @ApiProperty({ format: 'uuid' })
  cardId: string;

  @ApiProperty({ example: 30_450, description: 'Unused principal returned to the original payment channel(s), fen' })
  principalFen: number;

  @ApiProperty({ example: 4_050, description: 'Bonus forfeited with it, fen' })
  bonusForfeitedFen: number;

  @ApiProperty({ enum: REFUND_STATUSES, example: 'PROCESSING', description: 'SUCCEEDED once every part is confirmed by its channel' })
  status: RefundStatus;

  @ApiProperty({ type: [RefundPartSchema], description: 'One per top-up the refund goes back through, newest top-up first' })
  parts: RefundPartSchema[];

  @ApiProperty({ type: RefundCalculationSchema, nullable: true, description: 'The calculation behind principalFen' })
  calculation: RefundCalculationSchema | null;

  @ApiProperty({ example: ISO_TIME })
  createdAt: string;
}

/** What a coupon takes off a sale (its template's terms). */
class CouponTermsSchema {
  @ApiProperty({ enum: COUPON_KINDS, example: 'AMOUNT_OFF', description: 'AMOUNT_OFF 满减 or PERCENT_OFF 折扣' })
  kind: CouponKind;

  @ApiProperty({ type: Number, nullable: true, example: 1_000, description: '满减: the amount off, fen' })
  amountOffFen: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: '折扣: percent off (20 = 20% off, 八折)' })
  percentOff: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: '折扣: the most it takes off, fen; null = no cap' })
  capFen: number | null;

  @ApiProperty({ example: 5_000, description: 'The smallest sale it applies to, fen (0 = 无门槛)' })
  thresholdFen: number;
}

/** What both coupon views show: the terms, the name, when it can be used and whether it still can. */
class CouponSummarySchema extends CouponTermsSchema {
  @ApiProperty({ example: '满50减10' })
  name: string;

  @ApiProperty({ example: ISO_TIME })
  validFrom: string;

  @ApiProperty({ example: '2026-12-31T15:59:59.999Z' })
  validUntil: string;

  @ApiProperty({ enum: COUPON_STATUSES, example: 'AVAILABLE' })
  status: CouponStatus;
}

export class CouponSchema extends CouponSummarySchema implements CouponView {
  @ApiProperty({ format: 'uuid', description: 'The coupon’s code: give it with a redemption as couponId' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  templateId: string;

  @ApiProperty({ format: 'uuid' })
  merchantId: string;

  @ApiProperty({ example: '聚卡咖啡' })
  merchantName: string;

  @ApiProperty({ example: '全场通用' })
  description: string;

  @ApiProperty({ type: [String], description: 'Stores where it can be used; empty = every store' })
  storeIds: string[];

  @ApiProperty({ enum: COUPON_SOURCES, example: 'ISSUED' })
  source: CouponSource;

  @ApiProperty({ example: ISO_TIME })
  issuedAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  usedAt: string | null;
}

export class CouponCheckSchema extends CouponSummarySchema implements CouponCheckView {
  @ApiProperty({ format: 'uuid' })
  couponId: string;

  @ApiProperty({ example: true, description: 'Whether a redemption with this coupon, card, store and amount would take it now' })
  usable: boolean;

  @ApiProperty({
    enum: ['COUPON_USED', 'COUPON_NOT_USABLE'],
    nullable: true,
    example: null,
    description: 'Why not: COUPON_USED, or COUPON_NOT_USABLE (not in date, not at this store, or below its threshold)',
  })
  reason: 'COUPON_USED' | 'COUPON_NOT_USABLE' | null;

  @ApiProperty({ example: 6_800, description: 'The amount asked about, fen' })
  amountFen: number;

  @ApiProperty({ example: 1_000, description: 'What the coupon takes off amountFen, fen; 0 when not usable' })
  discountFen: number;

  @ApiProperty({ example: 5_800, description: 'What the card would pay: amountFen − discountFen' })
  payFen: number;
}
