import type { CardStatus } from '@jucard/shared';
import { Entity } from 'typeorm';
import { BigIntColumn, IdColumn, IntColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('cards')
export class CardEntity {
  @IdColumn()
  id: string;

  @StringColumn('card_no', 16)
  cardNo: string;

  @RefColumn('consumer_id')
  consumerId: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @RefColumn('product_id')
  productId: string;

  @StringColumn('status', 16)
  status: CardStatus;

  // ledger account ids (BIGINT) read through the same exact-integer transformer as money
  @BigIntColumn('principal_account_id')
  principalAccountId: number;

  @BigIntColumn('bonus_account_id')
  bonusAccountId: number;

  @BigIntColumn('points_account_id')
  pointsAccountId: number;

  @TimeColumn('expires_at', { nullable: true })
  expiresAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;

  /** 0 for a claimed card, +1 for each 补卡 (one card per consumer, product and generation). */
  @IntColumn('generation')
  generation?: number;

  @RefColumn('replaces_card_id', { nullable: true })
  replacesCardId?: string | null;
}
