import type { Fen } from '@jucard/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenColumn } from '../common/transformers';

@Entity('redemptions')
export class RedemptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ name: 'store_id', type: 'varchar', length: 36 })
  storeId: string;

  @Column({ name: 'card_id', type: 'varchar', length: 36 })
  cardId: string;

  @Column({ name: 'member_code_id', type: 'varchar', length: 9 })
  memberCodeId: string;

  @Column({ name: 'merchant_order_no', type: 'varchar', length: 64 })
  merchantOrderNo: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn })
  amountFen: Fen;

  @Column({ name: 'principal_fen', type: 'bigint', transformer: fenColumn })
  principalFen: Fen;

  @Column({ name: 'bonus_fen', type: 'bigint', transformer: fenColumn })
  bonusFen: Fen;

  @Column({ type: 'bigint', transformer: fenColumn })
  points: number;

  @Column({ name: 'refunded_fen', type: 'bigint', transformer: fenColumn })
  refundedFen: Fen;

  @Column({ name: 'principal_after_fen', type: 'bigint', transformer: fenColumn })
  principalAfterFen: Fen;

  @Column({ name: 'bonus_after_fen', type: 'bigint', transformer: fenColumn })
  bonusAfterFen: Fen;

  @Column({ name: 'points_after', type: 'bigint', transformer: fenColumn })
  pointsAfter: number;

  @Column({ name: 'operator_type', type: 'varchar', length: 8 })
  operatorType: 'staff' | 'pos';

  @Column({ name: 'operator_id', type: 'varchar', length: 64 })
  operatorId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}

@Entity('redemption_reversals')
export class ReversalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'redemption_id', type: 'varchar', length: 36 })
  redemptionId: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ name: 'reversal_no', type: 'varchar', length: 64 })
  reversalNo: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn })
  amountFen: Fen;

  @Column({ name: 'principal_fen', type: 'bigint', transformer: fenColumn })
  principalFen: Fen;

  @Column({ name: 'bonus_fen', type: 'bigint', transformer: fenColumn })
  bonusFen: Fen;

  @Column({ type: 'bigint', transformer: fenColumn })
  points: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column({ name: 'operator_id', type: 'varchar', length: 64 })
  operatorId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}

@Entity('pos_apps')
export class PosAppEntity {
  @PrimaryColumn({ name: 'app_key', type: 'varchar', length: 32 })
  appKey: string;

  @Column({ type: 'varchar', length: 64 })
  secret: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ name: 'store_id', type: 'varchar', length: 36 })
  storeId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}
