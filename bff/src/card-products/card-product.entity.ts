import type { CardKind, DeductionRule, Fen, ProductStatus, TopUpTier } from '@jucard/shared';
import { Column, Entity } from 'typeorm';
import { BoolColumn, FenColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('card_products')
export class CardProductEntity {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @StringColumn('name', 64)
  name: string;

  @StringColumn('cover_style', 32)
  coverStyle: string;

  @RefColumn('logo_file_id', { nullable: true })
  logoFileId: string | null;

  @RefColumn('cover_file_id', { nullable: true })
  coverFileId: string | null;

  @StringColumn('kind', 16)
  kind: CardKind;

  @JsonColumn('tiers')
  tiers: TopUpTier[];

  @BoolColumn('allow_custom_amount')
  allowCustomAmount: boolean;

  @FenColumn('min_top_up_fen')
  minTopUpFen: Fen;

  @FenColumn('max_balance_fen')
  maxBalanceFen: Fen;

  @IntColumn('validity_months', { nullable: true })
  validityMonths: number | null;

  @JsonColumn('store_ids')
  storeIds: string[];

  @StringColumn('deduction_rule', 20)
  deductionRule: DeductionRule;

  @IntColumn('points_per_yuan')
  pointsPerYuan: number;

  /** 冷静期: days after a top-up during which, if nothing was redeemed, it is refunded in full (0: none). */
  @IntColumn('cooling_off_days')
  coolingOffDays: number;

  @IntColumn('points_valid_years')
  pointsValidYears: number;

  @Column({ type: 'text' })
  description: string;

  @StringColumn('status', 16)
  status: ProductStatus;

  @StringColumn('claim_token', 64)
  claimToken: string;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}
