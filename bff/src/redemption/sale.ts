import type { RedeemRequest, SaleCouponView } from '@jucard/shared';
import type { SaleCard } from '../cards/cards.repository';
import type { MerchantAccounts } from '../ledger/platform-accounts';
import type { AppliedCoupon } from '../marketing/coupons-at-till';
import type { RedemptionEntity } from './redemption.entities';

/** Who is taking the money: a cashier's login (limited to their stores) or a merchant's POS server (one store). */
export interface Till {
  merchantId: string;
  /** Stores this actor may redeem at; null = every store of the merchant. */
  storeIds: string[] | null;
  operatorType: 'staff' | 'pos';
  operatorId: string;
}

/** A sale as it enters the pipeline, before its store and code are checked. */
export interface SaleRequest {
  till: Till;
  request: RedeemRequest;
  requestHash: string;
  redemptionId: string;
  hot: MerchantAccounts;
}

/** A sale that passed the check stage: its store, its member code (claimed in the key-value store) and card. */
export interface CheckedSale extends SaleRequest {
  store: { id: string; name: string };
  codeId: string;
  /** The member code's card, read when the sale was checked. */
  card: SaleCard;
  /** The coupon presented with the sale, priced for its amount (the list price); the card pays the rest. */
  coupon?: AppliedCoupon;
}

export interface Redeemed {
  redemption: RedemptionEntity;
  cardNo: string;
  coupon?: SaleCouponView;
}

/** Per item of a batch, in order: its result or the error to answer it with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settled<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
