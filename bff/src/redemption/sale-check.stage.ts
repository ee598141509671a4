import { Injectable } from '@nestjs/common';
import { CardsRepository } from '../cards/cards.repository';
import { DomainError } from '../common/domain-error';
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
  ) {}

  async check(sales: SaleRequest[]): Promise<Array<Outcome<CheckedSale>>> {
    const outcomes: Array<Outcome<CheckedSale>> = new Array(sales.length);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });
    const [stores, codes] = await Promise.all([
      this.merchants.storesWithStatus(sales.map((sale) => sale.request.storeId)),
      this.codes.verifyMany(sales.map((sale) => sale.request.code)),
    ]);
    const ready: Array<{ index: number; sale: SaleRequest; store: Store; codeId: string; cardId: string }> = [];
    sales.forEach((sale, i) => {
      const found = stores.get(sale.request.storeId);
      const code = codes[i]!;
      const refusal = storeRefusal(sale, found);
      if (refusal) refuse(i, refusal);
      else if (code instanceof DomainError) refuse(i, code);
      else ready.push({ index: i, sale, store: found!.store, codeId: code.id, cardId: code.cardId });
    });

    const claims = ready.map((r) => ({ codeId: r.codeId, owner: claimOwner(r.sale) }));
    const [cards, claimed] = await Promise.allSettled([this.cards.forSale(ready.map((r) => r.cardId)), this.claims.take(claims)]);
    if (cards.status === 'rejected' || claimed.status === 'rejected') {
      // compensation: a check that fails as a whole keeps none of its claims
      if (claimed.status === 'fulfilled') await this.claims.releaseAll(claims.filter((_, k) => claimed.value[k]));
      throw cards.status === 'rejected' ? cards.reason : (claimed as PromiseRejectedResult).reason;
    }
    ready.forEach(({ index, sale, store, codeId, cardId }, k) => {
      if (!claimed.value[k]) refuse(index, new DomainError('MEMBER_CODE_USED'));
      else outcomes[index] = { ok: true, value: { ...sale, store: { id: store.id, name: store.name }, codeId, card: cards.value.get(cardId)! } };
    });
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
