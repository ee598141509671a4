import type { Fen } from '@jucard/shared';
import { Entity } from 'typeorm';
import { BigIntColumn, BoolColumn, FenColumn, IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

/**
 * What a sale and each reversal of it record alike: the hash of the request (same number + different body = 409)
 * and how its amount split over the card's principal and bonus, with the points it earned or gave back.
 */
abstract class SplitColumns {
  @StringColumn('request_hash', 64)
  requestHash: string;

  @FenColumn('amount_fen')
  amountFen: Fen;

  @FenColumn('principal_fen')
  principalFen: Fen;

  @FenColumn('bonus_fen')
  bonusFen: Fen;

  @BigIntColumn('points')
  points: number;
}

@Entity('redemptions')
export class RedemptionEntity extends SplitColumns {
  @IdColumn()
  id: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @RefColumn('store_id')
  storeId: string;

  @RefColumn('card_id')
  cardId: string;

  @StringColumn('member_code_id', 9)
  memberCodeId: string;

  @StringColumn('merchant_order_no', 64)
  merchantOrderNo: string;

  @FenColumn('refunded_fen')
  refundedFen: Fen;

  @FenColumn('principal_after_fen')
  principalAfterFen: Fen;

  @FenColumn('bonus_after_fen')
  bonusAfterFen: Fen;

  @BigIntColumn('points_after')
  pointsAfter: number;

  @StringColumn('operator_type', 8)
  operatorType: 'staff' | 'pos';

  @StringColumn('operator_id', 64)
  operatorId: string;

  /** What the holder's member level took off (会员等级; 0 without one), after the coupon; amountFen is what the card paid. */
  @FenColumn('member_discount_fen')
  memberDiscountFen: Fen;

  /** The level's name when it gave a discount, for the receipt. */
  @StringColumn('member_level', 16, { nullable: true })
  memberLevel: string | null;

  @TimeColumn('created_at')
  createdAt: Date;
}

@Entity('redemption_reversals')
export class ReversalEntity extends SplitColumns {
  @IdColumn()
  id: string;

  @RefColumn('redemption_id')
  redemptionId: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @StringColumn('reversal_no', 64)
  reversalNo: string;

  @StringColumn('reason', 200, { nullable: true })
  reason: string | null;

  @StringColumn('operator_id', 64)
  operatorId: string;

  @TimeColumn('created_at')
  createdAt: Date;
}

@Entity('pos_apps')
export class PosAppEntity {
  @IdColumn('app_key', 32)
  appKey: string;

  @StringColumn('secret', 64)
  secret: string;

  @RefColumn('merchant_id')
  merchantId: string;

  @RefColumn('store_id')
  storeId: string;

  @StringColumn('name', 64)
  name: string;

  @BoolColumn('active')
  active: boolean;

  @TimeColumn('created_at')
  createdAt: Date;
}
