import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('member_codes')
export class MemberCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  id: string;

  @Column({ name: 'card_id', type: 'varchar', length: 36 })
  cardId: string;

  @Column({ name: 'consumer_id', type: 'varchar', length: 36 })
  consumerId: string;

  @Column({ name: 'key_id', type: 'varchar', length: 1 })
  keyId: string;

  @Column({ name: 'expires_at', type: 'datetime', precision: 6 })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 6, nullable: true })
  usedAt: Date | null;

  @Column({ name: 'redemption_id', type: 'varchar', length: 36, nullable: true })
  redemptionId: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}
