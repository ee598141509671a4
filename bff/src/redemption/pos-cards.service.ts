import { Injectable } from '@nestjs/common';
import type { OpenCardView } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { DomainError } from '../common/domain-error';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { PosPrincipal } from './pos-auth.guard';

/** Card reads for a merchant's own systems (scope read_cards): only the merchant's cards, by card number. */
@Injectable()
export class PosCardsService {
  constructor(
    private readonly cards: CardsRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  async byCardNo(pos: PosPrincipal, cardNo: string): Promise<OpenCardView> {
    const card = await this.cards.findByCardNo(cardNo);
    // another merchant's card is answered exactly like an unknown one
    if (!card || card.merchantId !== pos.merchantId) throw new DomainError('CARD_NOT_FOUND');
    const balances = await this.ledger.balances(null, [card.principalAccountId, card.bonusAccountId, card.pointsAccountId]);
    const principalFen = balances.get(card.principalAccountId) ?? 0;
    const bonusFen = balances.get(card.bonusAccountId) ?? 0;
    return { cardNo: card.cardNo, status: card.status, balance: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: balances.get(card.pointsAccountId) ?? 0 } };
  }
}
