import { Injectable } from '@nestjs/common';
import { businessDayOf, maskCardNo, maskName, maskPhone, type InspectMemberCodeRequest, type MemberCodeInspection } from '@jucard/shared';
import { IdentityRepository } from '../auth/identity.repository';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { LedgerRepository } from '../ledger/ledger.repository';
import { CouponsAtTill } from '../marketing/coupons-at-till';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { cardRefusalAt, storeRefusal } from '../redemption/sale-decision';
import type { Till } from '../redemption/sale';
import { MemberCodesService } from './member-codes.service';

/**
 * The till's look at a code right after the scan, so a made-up or stale code is refused before anyone types an
 * amount. It answers with the sale's own refusals (store, code, card) in the sale's order, and it only reads: no
 * claim is taken and the code is not consumed, so the sale that follows checks everything again.
 */
@Injectable()
export class CodeInspection {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly codes: MemberCodesService,
    private readonly cards: CardsRepository,
    private readonly products: CardProductsRepository,
    private readonly identities: IdentityRepository,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    private readonly coupons: CouponsAtTill,
  ) {}

  async inspect(till: Till, request: InspectMemberCodeRequest): Promise<MemberCodeInspection> {
    const [stores, verified] = await Promise.all([
      this.merchants.storesWithStatus([request.storeId]),
      this.codes.verify(request.code).then(
        (row) => ({ ok: true as const, row }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ]);
    const refusal = storeRefusal({ till }, stores.get(request.storeId), { today: businessDayOf(this.clock.now()) });
    if (refusal) throw refusal;
    if (!verified.ok) throw verified.error;
    const code = verified.row;

    const saleCard = (await this.cards.forSale([code.cardId])).get(code.cardId)!;
    const cardRefusal = cardRefusalAt(saleCard, till.merchantId, request.storeId, this.clock.now());
    if (cardRefusal) throw new DomainError(cardRefusal);

    const card = await this.cards.findById(saleCard.id);
    const [product, holder, balances, coupons] = await Promise.all([
      this.products.findById(card.productId),
      this.identities.consumerById(card.consumerId),
      this.ledger.balances(null, [card.principalAccountId, card.bonusAccountId, card.pointsAccountId]),
      this.coupons.offers(card.consumerId, till.merchantId, request.storeId, request.amountFen),
    ]);
    const principalFen = balances.get(card.principalAccountId) ?? 0;
    const bonusFen = balances.get(card.bonusAccountId) ?? 0;
    return {
      codeId: code.id,
      cardNoMasked: maskCardNo(card.cardNo),
      productName: product.name,
      holder: {
        nameMasked: holder?.nickname ? maskName(holder.nickname) : null,
        phoneMasked: holder?.phone ? maskPhone(holder.phone) : null,
      },
      balance: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: balances.get(card.pointsAccountId) ?? 0 },
      expiresAt: code.expiresAt.toISOString(),
      coupons,
      memberLevel: saleCard.level && saleCard.level.discountRate < 100 ? { name: saleCard.level.name, discountRate: saleCard.level.discountRate } : null,
    };
  }
}
