import { Entity } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('member_codes')
export class MemberCodeEntity {
  @IdColumn('id', 9)
  id: string;

  @RefColumn('card_id')
  cardId: string;

  @RefColumn('consumer_id')
  consumerId: string;

  @StringColumn('key_id', 1)
  keyId: string;

  @TimeColumn('expires_at')
  expiresAt: Date;

  @TimeColumn('used_at', { nullable: true })
  usedAt: Date | null;

  @RefColumn('redemption_id', { nullable: true })
  redemptionId: string | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
