import { Injectable } from '@nestjs/common';
import { maskCardNo, type CardEvent, type CardReceipt, type Page } from '@jucard/shared';
import type { ConsumerPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { LedgerHistoryRepository } from '../ledger/ledger-history.repository';
import type { TransferRecord } from '../ledger/ledger.types';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { CardEventLabels } from './card-event-labels';
import { balanceBefore, balanceOf, deltaOf, toEvent } from './card-events';
import { CardsRepository, type Card } from './cards.repository';
import { accountIdsOf } from './cards.service';

/** A card's history as the consumer lives it: one line per business event, each with the balance it left. */
@Injectable()
export class CardHistoryService {
  constructor(
    private readonly cards: CardsRepository,
    private readonly history: LedgerHistoryRepository,
    private readonly labels: CardEventLabels,
    private readonly merchants: MerchantsRepository,
  ) {}

  /** Newest first; the cursor is the last transfer of the page's oldest event. */
  async events(consumer: ConsumerPrincipal, cardId: string, cursor: string | undefined, limit = 20): Promise<Page<CardEvent>> {
    const card = await this.ownCard(consumer, cardId);
    const accounts = accountIdsOf(card);
    const marks = await this.history.operationsOfAccounts(accounts, decodeCursor(cursor), limit + 1);
    const page = marks.slice(0, limit);
    const newest = page[0];
    if (!newest) return { items: [], nextCursor: null };
    const ids = page.map((m) => m.operationId);
    const [legs, labels, after] = await Promise.all([
      this.history.transfersOfOperations(ids),
      this.labels.labels(card.merchantId, ids),
      this.history.balancesAt(accounts, newest.lastSeq),
    ]);
    const legsOf = groupByOperation(legs);
    // walk down from the newest event: each one's balance before is the next (older) one's balance after
    let balance = balanceOf(card, after);
    const items = page.map((mark) => {
      const own = legsOf.get(mark.operationId) ?? [];
      const delta = deltaOf(card, own);
      const event = toEvent(mark.operationId, own, delta, balance, labels.get(mark.operationId));
      balance = balanceBefore(balance, delta);
      return event;
    });
    const last = page[page.length - 1]!;
    return { items, nextCursor: marks.length > limit ? encodeCursor(last.lastSeq) : null };
  }

  /** One event with who served and how it was paid; an event of another card reads as missing. */
  async receipt(consumer: ConsumerPrincipal, cardId: string, eventId: string): Promise<CardReceipt> {
    const card = await this.ownCard(consumer, cardId);
    const accounts = new Set(accountIdsOf(card));
    const legs = await this.history.transfersOfOperations([eventId]);
    const last = legs[legs.length - 1];
    if (!last || !legs.some((l) => accounts.has(l.debitAccountId) || accounts.has(l.creditAccountId))) throw new DomainError('CARD_EVENT_NOT_FOUND');
    const [labels, after, extras, merchant] = await Promise.all([
      this.labels.labels(card.merchantId, [eventId]),
      this.history.balancesAt([...accounts], last.seq),
      this.labels.extras(consumer.consumerId, card.merchantId, eventId),
      this.merchants.merchantById(card.merchantId),
    ]);
    const event = toEvent(eventId, legs, deltaOf(card, legs), balanceOf(card, after), labels.get(eventId));
    return { ...event, merchantName: merchant?.displayName ?? '', cardNoMasked: maskCardNo(card.cardNo), ...extras, coupon: null };
  }

  /**
   * One event of a card for the platform's own use (a receipt to its holder): the event with the balance it left,
   * the card's holder and merchant name; null when the card or the event is unknown.
   */
  async eventForReceipt(cardId: string, operationId: string): Promise<{ consumerId: string; cardNo: string; merchantName: string; event: CardEvent } | null> {
    const card = (await this.cards.findByIds([cardId])).get(cardId);
    if (!card) return null;
    const legs = await this.history.transfersOfOperations([operationId]);
    const last = legs[legs.length - 1];
    if (!last) return null;
    const [labels, after, merchant] = await Promise.all([
      this.labels.labels(card.merchantId, [operationId]),
      this.history.balancesAt(accountIdsOf(card), last.seq),
      this.merchants.merchantById(card.merchantId),
    ]);
    const event = toEvent(operationId, legs, deltaOf(card, legs), balanceOf(card, after), labels.get(operationId));
    return { consumerId: card.consumerId, cardNo: card.cardNo, merchantName: merchant?.displayName ?? '', event };
  }

  /** Another consumer's card is reported exactly like a card that does not exist. */
  private async ownCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }
}

function groupByOperation(legs: TransferRecord[]): Map<string, TransferRecord[]> {
  const byOperation = new Map<string, TransferRecord[]>();
  for (const leg of legs) byOperation.set(leg.operationId, [...(byOperation.get(leg.operationId) ?? []), leg]);
  return byOperation;
}
