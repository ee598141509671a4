import type { KycSubmission, MerchantStatus, StaffRole } from '@jucard/shared';
import { Entity } from 'typeorm';
import { PasswordLoginColumns } from '../auth/identity.entities';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('merchants')
export class MerchantEntity {
  @IdColumn()
  id: string;

  @StringColumn('display_name', 64)
  displayName: string;

  @StringColumn('status', 20)
  status: MerchantStatus;

  @JsonColumn('kyc', { nullable: true })
  kyc: KycSubmission | null;

  @StringColumn('reject_reason', 200, { nullable: true })
  rejectReason: string | null;

  @IntColumn('fee_rate_bps', { nullable: true })
  feeRateBps: number | null;

  /** Payment channels enabled for this merchant's top-ups; null = every channel the platform offers. */
  @JsonColumn('payment_channels', { nullable: true, length: 100 })
  paymentChannels: string[] | null;

  @RefColumn('reviewed_by', { nullable: true })
  reviewedBy: string | null;

  @TimeColumn('reviewed_at', { nullable: true })
  reviewedAt: Date | null;

  @TimeColumn('created_at')
  createdAt: Date;

  @TimeColumn('updated_at')
  updatedAt: Date;
}

@Entity('stores')
export class StoreEntity {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @StringColumn('name', 64)
  name: string;

  @StringColumn('address', 200)
  address: string;

  @TimeColumn('created_at')
  createdAt: Date;
}

@Entity('staff_users')
export class StaffUserEntity extends PasswordLoginColumns {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @StringColumn('role', 16)
  role: StaffRole;

  @JsonColumn('store_ids')
  storeIds: string[];

  @BoolColumn('active')
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;
}
