// Response schemas of the open API v1 in OpenAPI. The views are interfaces in @jucard/shared, which Swagger cannot
// see; each class here `implements` its view, so the type checker keeps the documented fields equal to the answer.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CARD_STATUSES,
  MOVEMENT_KIND_ZH,
  PAYMENT_CHANNELS,
  TOPUP_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type CardBalance,
  type CardEvent,
  type MovementKind,
  type OpenCardView,
  type Page,
  type PaymentChannelName,
  type RedemptionView,
  type SaleMemberDiscountView,
  type ReversalView,
  type TopUpStatus,
  type TopUpView,
  type WebhookEndpointStatus,
  type WebhookEndpointView,
  type WebhookEventType,
} from '@jucard/shared';

// every kind, from the vocabulary's record of them (a new kind cannot be left out of the schema)
const MOVEMENT_KINDS = Object.keys(MOVEMENT_KIND_ZH) as MovementKind[];
const ISO_TIME = '2026-12-03T08:00:00.000Z';

export class CardBalanceSchema implements CardBalance {
  @ApiProperty({ example: 45_000, description: 'Principal (what the member paid), fen' })
  principalFen: number;

  @ApiProperty({ example: 5_000, description: 'Bonus (the merchant’s gift value), fen' })
  bonusFen: number;

  @ApiProperty({ example: 50_000, description: 'principalFen + bonusFen' })
  totalFen: number;

  @ApiProperty({ example: 120 })
  points: number;
}

export class OpenCardSchema implements OpenCardView {
  @ApiProperty({ example: '8800123456789012' })
  cardNo: string;

  @ApiProperty({ enum: CARD_STATUSES, example: 'ACTIVE' })
  status: string;

  @ApiProperty({ type: CardBalanceSchema })
  balance: CardBalanceSchema;
}

/** A member as the merchant's systems see them: the holder (phone masked) and their cards at this merchant. */
export class OpenMemberSchema {
  @ApiProperty({ type: String, nullable: true, example: '138****8000' })
  phoneMasked: string | null;

  @ApiProperty({ type: String, nullable: true, example: '小林' })
  nickname: string | null;

  @ApiProperty({ type: [OpenCardSchema], description: 'The member’s cards at this merchant, newest first' })
  cards: OpenCardSchema[];
}

export class CardEventSchema implements CardEvent {
  @ApiProperty({ example: 'redeem:0f8fad5b-d9cb-469f-a165-70867728950e', description: 'The ledger operation behind the event' })
  id: string;

  @ApiProperty({ enum: MOVEMENT_KINDS, example: 'REDEMPTION' })
  kind: MovementKind;

  @ApiProperty({ example: ISO_TIME })
  occurredAt: string;

  @ApiProperty({ example: -3_000, description: 'Signed, fen: positive credits the card' })
  amountFen: number;

  @ApiProperty({ example: -2_700 })
  principalFen: number;

  @ApiProperty({ example: -300 })
  bonusFen: number;

  @ApiProperty({ example: 30 })
  points: number;

  @ApiProperty({ type: CardBalanceSchema, description: 'The balance right after the event' })
  balanceAfter: CardBalanceSchema;

  @ApiProperty({ type: String, nullable: true, example: '人民路店' })
  storeName: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'POS1-20261203-0001' })
  orderNo: string | null;
}

export class CardEventPageSchema implements Page<CardEvent> {
  @ApiProperty({ type: [CardEventSchema] })
  items: CardEventSchema[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null at the end' })
  nextCursor: string | null;
}

export class SaleMemberDiscountSchema implements SaleMemberDiscountView {
  @ApiProperty({ example: '金卡' })
  levelName: string;

  @ApiProperty({ example: 150, description: 'What the member level took off, after any coupon (fen)' })
  discountFen: number;
}

export class RedemptionSchema implements RedemptionView {
  @ApiProperty({ format: 'uuid' })
  redemptionId: string;

  @ApiProperty({ example: 'POS1-20261203-0001' })
  merchantOrderNo: string;

  @ApiProperty({ format: 'uuid' })
  storeId: string;

  @ApiProperty({ example: '人民路店' })
  storeName: string;

  @ApiProperty({ example: '8800********9012' })
  cardNoMasked: string;

  @ApiProperty({ example: 3_000 })
  amountFen: number;

  @ApiProperty({ example: 2_700, description: 'Of amountFen, taken from principal' })
  principalFen: number;

  @ApiProperty({ example: 300, description: 'Of amountFen, taken from bonus' })
  bonusFen: number;

  @ApiProperty({ example: 30 })
  pointsEarned: number;

  @ApiProperty({ example: 0 })
  refundedFen: number;

  @ApiProperty({ type: CardBalanceSchema })
  balanceAfter: CardBalanceSchema;

  @ApiProperty({ example: ISO_TIME })
  createdAt: string;

  @ApiProperty({ example: false, description: 'True when this answers a resend of the same merchantOrderNo' })
  replayed: boolean;

  @ApiPropertyOptional({ type: SaleMemberDiscountSchema, description: 'The holder’s member level’s discount (会员等级); amountFen is what the card paid after it. Absent without one' })
  memberDiscount?: SaleMemberDiscountSchema;
}

export class ReversalSchema implements ReversalView {
  @ApiProperty({ format: 'uuid' })
  reversalId: string;

  @ApiProperty({ format: 'uuid' })
  redemptionId: string;

  @ApiProperty({ example: 'RV-20261203-0001' })
  reversalNo: string;

  @ApiProperty({ example: 1_000 })
  amountFen: number;

  @ApiProperty({ example: 900 })
  principalFen: number;

  @ApiProperty({ example: 100 })
  bonusFen: number;

  @ApiProperty({ example: 10 })
  pointsReversed: number;

  @ApiProperty({ example: 2_000, description: 'What of the sale can still be reversed' })
  remainingFen: number;

  @ApiProperty({ example: ISO_TIME })
  createdAt: string;

  @ApiProperty({ example: false, description: 'True when this answers a resend of the same reversalNo' })
  replayed: boolean;
}

export class TopUpSchema implements TopUpView {
  @ApiProperty({ format: 'uuid' })
  orderId: string;

  @ApiProperty({ format: 'uuid' })
  cardId: string;

  @ApiProperty({ enum: TOPUP_STATUSES, example: 'PAYING' })
  status: TopUpStatus;

  @ApiProperty({ example: 50_000 })
  amountFen: number;

  @ApiProperty({ example: 5_000, description: 'Credited with the payment, by the product’s tiers' })
  bonusFen: number;

  @ApiProperty({ enum: PAYMENT_CHANNELS, nullable: true, example: 'ALIPAY' })
  channel: PaymentChannelName | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true, description: 'For Taro.requestPayment in a mini-program' })
  miniProgramPayParams: Record<string, string> | null;

  @ApiProperty({ type: String, nullable: true, description: 'The channel’s pay page: show it to the member as a QR code' })
  cashierUrl: string | null;

  @ApiProperty({ example: ISO_TIME })
  expiresAt: string;

  @ApiProperty({ type: String, nullable: true })
  paidAt: string | null;

  @ApiProperty({ example: ISO_TIME })
  createdAt: string;
}

export class WebhookEndpointSchema implements WebhookEndpointView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://erp.example.com/jucard/webhooks' })
  url: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Empty = every event' })
  eventTypes: WebhookEventType[];

  @ApiProperty({ enum: ['ACTIVE', 'DISABLED'] })
  status: WebhookEndpointStatus;

  @ApiProperty({ type: String, nullable: true })
  disabledReason: string | null;

  @ApiProperty({ type: String, nullable: true })
  failingSince: string | null;

  @ApiProperty({ example: ISO_TIME })
  createdAt: string;
}

/** The one error envelope (common/error-envelope.filter.ts). */
export class ErrorEnvelopeSchema {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'CARD_NOT_FOUND', description: 'Stable: switch on this, never on the message' })
  code: string;

  @ApiProperty({ example: 'Card not found' })
  message: string;

  @ApiProperty({ example: '会员卡不存在' })
  messageZh: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Per field, on a 422' })
  errors?: Record<string, string[]>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  errorsZh?: Record<string, string[]>;

  @ApiProperty({ example: 'req-1a2b3c' })
  requestId: string;
}
