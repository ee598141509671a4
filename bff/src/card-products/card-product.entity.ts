import type { CardKind, DeductionRule, Fen, ProductStatus, TopUpTier } from '@jucard/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenColumn, jsonColumn } from '../common/transformers';

@Entity('card_products')
export class CardProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ name: 'cover_style', type: 'varchar', length: 32 })
  coverStyle: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CardKind;

  @Column({ type: 'text', transformer: jsonColumn })
  tiers: TopUpTier[];

  @Column({ name: 'allow_custom_amount', type: 'boolean' })
  allowCustomAmount: boolean;

  @Column({ name: 'min_top_up_fen', type: 'bigint', transformer: fenColumn })
  minTopUpFen: Fen;

  @Column({ name: 'max_balance_fen', type: 'bigint', transformer: fenColumn })
  maxBalanceFen: Fen;

  @Column({ name: 'validity_months', type: 'int', nullable: true })
  validityMonths: number | null;

  @Column({ name: 'store_ids', type: 'text', transformer: jsonColumn })
  storeIds: string[];

  @Column({ name: 'deduction_rule', type: 'varchar', length: 20 })
  deductionRule: DeductionRule;

  @Column({ name: 'points_per_yuan', type: 'int' })
  pointsPerYuan: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  status: ProductStatus;

  @Column({ name: 'claim_token', type: 'varchar', length: 64 })
  claimToken: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}
