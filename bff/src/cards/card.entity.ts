import type { CardStatus } from '@jucard/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { fenColumn } from '../common/transformers';

@Entity('cards')
export class CardEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'card_no', type: 'varchar', length: 16 })
  cardNo: string;

  @Column({ name: 'consumer_id', type: 'varchar', length: 36 })
  consumerId: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ name: 'product_id', type: 'varchar', length: 36 })
  productId: string;

  @Column({ type: 'varchar', length: 16 })
  status: CardStatus;

  // ledger account ids (BIGINT) read through the same exact-integer transformer as money
  @Column({ name: 'principal_account_id', type: 'bigint', transformer: fenColumn })
  principalAccountId: number;

  @Column({ name: 'bonus_account_id', type: 'bigint', transformer: fenColumn })
  bonusAccountId: number;

  @Column({ name: 'points_account_id', type: 'bigint', transformer: fenColumn })
  pointsAccountId: number;

  @Column({ name: 'expires_at', type: 'datetime', precision: 6, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}
