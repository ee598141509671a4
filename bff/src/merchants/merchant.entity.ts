import type { KycSubmission, MerchantStatus, StaffRole } from '@jucard/shared';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonColumn } from '../common/transformers';

@Entity('merchants')
export class MerchantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  status: MerchantStatus;

  @Column({ type: 'text', nullable: true, transformer: jsonColumn })
  kyc: KycSubmission | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @Column({ name: 'fee_rate_bps', type: 'int', nullable: true })
  feeRateBps: number | null;

  /** Payment channels enabled for this merchant's top-ups; null = every channel the platform offers. */
  @Column({ name: 'payment_channels', type: 'varchar', length: 100, nullable: true, transformer: jsonColumn })
  paymentChannels: string[] | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 36, nullable: true })
  reviewedBy: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', precision: 6, nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 6 })
  updatedAt: Date;
}

@Entity('stores')
export class StoreEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}

@Entity('staff_users')
export class StaffUserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 36 })
  merchantId: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ name: 'store_ids', type: 'text', transformer: jsonColumn })
  storeIds: string[];

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 6 })
  createdAt: Date;
}
