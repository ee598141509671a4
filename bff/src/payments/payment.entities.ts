import type { Fen, TopUpStatus } from '@jucard/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenColumn, jsonColumn } from '../common/transformers';
import type { Channel } from './channel.port';

@Entity('topup_orders')
export class TopUpOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'consumer_id', type: 'varchar', length: 36 })
  consumerId: string;

  @Column({ name: 'card_id', type: 'varchar', length: 36 })
  cardId: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn })
  amountFen: Fen;

  @Column({ name: 'bonus_fen', type: 'bigint', transformer: fenColumn })
  bonusFen: Fen;

  @Column({ name: 'refunded_fen', type: 'bigint', transformer: fenColumn })
  refundedFen: Fen;

  @Column({ type: 'varchar', length: 24 })
  status: TopUpStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  channel: Channel | null;

  @Column({ name: 'current_attempt_id', type: 'varchar', length: 36, nullable: true })
  currentAttemptId: string | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 6 })
  expiresAt: Date;

  @Column({ name: 'paid_at', type: 'datetime', precision: 6, nullable: true })
  paidAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}

export type AttemptStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'CLOSED';

@Entity('payment_attempts')
export class PaymentAttemptEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ name: 'out_trade_no', type: 'varchar', length: 32 })
  outTradeNo: string;

  @Column({ type: 'varchar', length: 16 })
  status: AttemptStatus;

  @Column({ name: 'routing_reason', type: 'varchar', length: 200 })
  routingReason: string;

  @Column({ name: 'channel_reference', type: 'varchar', length: 128, nullable: true })
  channelReference: string | null;

  @Column({ name: 'channel_trade_no', type: 'varchar', length: 64, nullable: true })
  channelTradeNo: string | null;

  @Column({ name: 'pay_params', type: 'text', nullable: true, transformer: jsonColumn })
  payParams: { miniProgramPayParams: Record<string, string> | null; cashierUrl: string } | null;

  @Column({ name: 'next_poll_at', type: 'datetime', precision: 6 })
  nextPollAt: Date;

  @Column({ name: 'poll_count', type: 'int' })
  pollCount: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}

export type RefundStatus = 'PROCESSING' | 'SUCCEEDED' | 'FAILED';

@Entity('card_refunds')
export class CardRefundEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'card_id', type: 'varchar', length: 36 })
  cardId: string;

  @Column({ name: 'consumer_id', type: 'varchar', length: 36 })
  consumerId: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Column({ name: 'principal_fen', type: 'bigint', transformer: fenColumn })
  principalFen: Fen;

  @Column({ name: 'bonus_forfeited_fen', type: 'bigint', transformer: fenColumn })
  bonusForfeitedFen: Fen;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}

@Entity('refund_parts')
export class RefundPartEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'card_refund_id', type: 'varchar', length: 36 })
  cardRefundId: string;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ name: 'out_trade_no', type: 'varchar', length: 32 })
  outTradeNo: string;

  @Column({ name: 'out_refund_no', type: 'varchar', length: 32 })
  outRefundNo: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn })
  amountFen: Fen;

  @Column({ name: 'order_total_fen', type: 'bigint', transformer: fenColumn })
  orderTotalFen: Fen;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  @Column({ name: 'channel_refund_no', type: 'varchar', length: 64, nullable: true })
  channelRefundNo: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}
