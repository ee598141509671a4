import type { CardRefundRuleName, Fen, TopUpStatus } from '@jucard/shared';
import { Entity } from 'typeorm';
import { FenColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';
import type { Channel } from './channel.port';

@Entity('topup_orders')
export class TopUpOrderEntity {
  @IdColumn()
  id: string;

  @RefColumn('consumer_id')
  consumerId: string;

  @RefColumn('card_id')
  cardId: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @StringColumn('idempotency_key', 64)
  idempotencyKey: string;

  @StringColumn('request_hash', 64)
  requestHash: string;

  @FenColumn('amount_fen')
  amountFen: Fen;

  @FenColumn('bonus_fen')
  bonusFen: Fen;

  @FenColumn('refunded_fen')
  refundedFen: Fen;

  /** The campaign, and the version of its reward pack, the top-up was created under (null: the product's tiers). */
  @RefColumn('campaign_id', { nullable: true })
  campaignId: string | null;

  @IntColumn('campaign_version', { nullable: true })
  campaignVersion: number | null;

  @StringColumn('status', 24)
  status: TopUpStatus;

  @StringColumn('channel', 16, { nullable: true })
  channel: Channel | null;

  @RefColumn('current_attempt_id', { nullable: true })
  currentAttemptId: string | null;

  @TimeColumn('expires_at')
  expiresAt: Date;

  @TimeColumn('paid_at', { nullable: true })
  paidAt: Date | null;

  /** The app's X-Device-Id with the request, and the payer account it is paid by (`wechat:<openid>`); risk counts both. */
  @StringColumn('device_id', 64, { nullable: true })
  deviceId?: string | null;

  @StringColumn('payer_ref', 128, { nullable: true })
  payerRef?: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

/** A row that belongs to one channel order: the top-up order, its channel and the order number sent there. */
abstract class ChannelOrderColumns {
  @RefColumn('order_id')
  orderId: string;

  @StringColumn('channel', 16)
  channel: Channel;

  @StringColumn('out_trade_no', 32)
  outTradeNo: string;
}

export type AttemptStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CLOSED';

@Entity('payment_attempts')
export class PaymentAttemptEntity extends ChannelOrderColumns {
  @IdColumn()
  id: string;

  @StringColumn('status', 16)
  status: AttemptStatus;

  @StringColumn('routing_reason', 200)
  routingReason: string;

  @StringColumn('channel_reference', 128, { nullable: true })
  channelReference: string | null;

  @StringColumn('channel_trade_no', 64, { nullable: true })
  channelTradeNo: string | null;

  @JsonColumn('pay_params', { nullable: true })
  payParams: { miniProgramPayParams: Record<string, string> | null; cashierUrl: string } | null;

  @TimeColumn('next_poll_at')
  nextPollAt: Date;

  @IntColumn('poll_count')
  pollCount: number;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

export type RefundStatus = 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
export type CardRefundRule = CardRefundRuleName;

@Entity('card_refunds')
export class CardRefundEntity {
  @IdColumn()
  id: string;

  @RefColumn('card_id')
  cardId: string;

  @RefColumn('consumer_id')
  consumerId: string;

  @StringColumn('idempotency_key', 64)
  idempotencyKey: string;

  @FenColumn('principal_fen')
  principalFen: Fen;

  @FenColumn('bonus_forfeited_fen')
  bonusForfeitedFen: Fen;

  /** Which consumer right decided the amount; null on refunds made before the rule was recorded. */
  @StringColumn('rule', 16, { nullable: true })
  rule: CardRefundRule | null;

  /** The calculation the consumer confirmed (docs/compliance.md): refundable paid principal and its bonus, value used, used principal. */
  @FenColumn('paid_fen')
  paidFen: Fen;

  @FenColumn('bonus_granted_fen')
  bonusGrantedFen: Fen;

  @FenColumn('consumed_fen')
  consumedFen: Fen;

  @FenColumn('consumed_principal_fen')
  consumedPrincipalFen: Fen;

  @StringColumn('status', 16)
  status: RefundStatus;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

@Entity('refund_parts')
export class RefundPartEntity extends ChannelOrderColumns {
  @IdColumn()
  id: string;

  @RefColumn('card_refund_id')
  cardRefundId: string;

  @StringColumn('out_refund_no', 32)
  outRefundNo: string;

  @FenColumn('amount_fen')
  amountFen: Fen;

  @FenColumn('order_total_fen')
  orderTotalFen: Fen;

  @StringColumn('status', 16)
  status: RefundStatus;

  @StringColumn('channel_refund_no', 64, { nullable: true })
  channelRefundNo: string | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
