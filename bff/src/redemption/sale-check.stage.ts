import { Injectable } from '@nestjs/common';
import { businessDayOf } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { CouponsAtTill, type AppliedCoupon } from '../marketing/coupons-at-till';
import { MemberCodesService } from '../member-codes/member-codes.service';
import { MerchantsRepository, type Store } from '../merchants/merchants.repository';
import { claimOwner, CodeClaims } from './code-claims.step';
import { storeRefusal } from './sale-decision';
import type { CheckedSale, Outcome, SaleRequest } from './sale';

/**
 * The check stage, for a batch of sales with one round trip per read for the whole batch and no transaction: the
 * stores with their merchants' status and the member codes (both at once), then the codes' cards and the claims
 * of the codes (both at once). A sale refused here holds no claim.
 */
@Injectable()
export class SaleCheckStage {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly codes: MemberCodesService,
    private readonly cards: CardsRepository,
    private readonly claims: CodeClaims,
    private readonly coupons: CouponsAtTill,
    private readonly clock: Clock,
  ) {}

  async check(sales: SaleRequest[]): Promise<Array<Outcome<CheckedSale>>> {
    const outcomes: Array<Outcome<CheckedSale>> = new Array(sales.length);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });
    const [stores, codes] = await Promise.all([
      this.merchants.storesWithStatus(sales.map((sale) => sale.request.storeId)),
      this.codes.verifyMany(sales.map((sale) => sale.request.code)),
    ]);
    const today = businessDayOf(this.clock.now());
    const ready: Array<{ index: number; sale: SaleRequest; store: Store; codeId: string; cardId: string }> = [];
    sales.forEach((sale, i) => {
      const found = stores.get(sale.request.storeId);
      const code = codes[i]!;
      const refusal = storeRefusal(sale, found, { today });
      if (refusal) refuse(i, refusal);
      else if (code instanceof DomainError) refuse(i, code);
      else ready.push({ index: i, sale, store: found!.store, codeId: code.id, cardId: code.cardId });
    });

    const claims = ready.map((r) => ({ codeId: r.codeId, owner: claimOwner(r.sale) }));
    // a coupon is priced in the same round trip as the cards (only when a sale of the batch presents one)
    const withCoupon = ready.filter((r) => r.sale.request.couponId);
    const [cards, claimed, priced] = await Promise.allSettled([
      this.cards.forSale(ready.map((r) => r.cardId)),
      this.claims.take(claims),
      withCoupon.length === 0 ? Promise.resolve([]) : this.coupons.price(withCoupon.map(({ sale, store, cardId }) => presented(sale, store.id, cardId))),
    ]);
    if (cards.status === 'rejected' || claimed.status === 'rejected' || priced.status === 'rejected') {
      // compensation: a check that fails as a whole keeps none of its claims
      if (claimed.status === 'fulfilled') await this.claims.releaseAll(claims.filter((_, k) => claimed.value[k]));
      throw [cards, claimed, priced].map((r) => (r.status === 'rejected' ? (r.reason as unknown) : null)).find(Boolean);
    }
    const coupons = new Map<SaleRequest, AppliedCoupon | DomainError>(withCoupon.map((r, k) => [r.sale, priced.value[k]!]));
    const refusedCoupons: typeof claims = [];
    ready.forEach(({ index, sale, store, codeId, cardId }, k) => {
      const coupon = coupons.get(sale);
      if (!claimed.value[k]) refuse(index, new DomainError('MEMBER_CODE_USED'));
      else if (coupon instanceof DomainError) {
        refuse(index, coupon);
        refusedCoupons.push(claims[k]!);
      } else outcomes[index] = { ok: true, value: { ...sale, store: { id: store.id, name: store.name }, codeId, card: cards.value.get(cardId)!, ...(coupon ? { coupon } : {}) } };
    });
    // a sale refused for its coupon gives its code's claim back, so the member can show the same code again
    if (refusedCoupons.length > 0) await this.claims.releaseAll(refusedCoupons);
    return outcomes;
  }

  /** The store (of this merchant, at one of the actor's stores) and its merchant's status, for a replay's receipt. */
  async storeFor(sale: Pick<SaleRequest, 'till' | 'request'>): Promise<Store> {
    const found = (await this.merchants.storesWithStatus([sale.request.storeId])).get(sale.request.storeId);
    const refusal = storeRefusal(sale, found, { ignoreMerchantStatus: true });
    if (refusal) throw refusal;
    return found!.store;
  }
}

function presented(sale: SaleRequest, storeId: string, cardId: string) {
  return { couponId: sale.request.couponId!, cardId, merchantId: sale.till.merchantId, storeId, listPriceFen: sale.request.amountFen };
}
