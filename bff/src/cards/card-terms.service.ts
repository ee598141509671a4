import { Injectable } from '@nestjs/common';
import type { CardTermsView } from '@jucard/shared';
import type { ConsumerPrincipal } from '../auth/principal';
import { ContractsService } from '../contracts/contracts.service';
import { CardsService } from './cards.service';

/** The terms of the product behind the consumer's own card, and their acceptance from the card's pages. */
@Injectable()
export class CardTermsService {
  constructor(
    private readonly cards: CardsService,
    private readonly contracts: ContractsService,
  ) {}

  async view(consumer: ConsumerPrincipal, cardId: string): Promise<CardTermsView> {
    const card = await this.cards.ownCard(consumer, cardId);
    return this.contracts.hasAccepted(consumer.consumerId, card.productId);
  }

  /** Accepts the version in force; an older version (the terms changed meanwhile) is TERMS_NOT_ACCEPTED. */
  async accept(consumer: ConsumerPrincipal, cardId: string, version: number): Promise<CardTermsView> {
    const card = await this.cards.ownCard(consumer, cardId);
    await this.contracts.requireAccepted(consumer.consumerId, card.productId, version, 'CARD_PAGE');
    return this.contracts.hasAccepted(consumer.consumerId, card.productId);
  }
}
