import { Injectable, Logger } from '@nestjs/common';
import {
  cardNumberFromRandomDigits,
  type CardBalance,
  type CardMovement,
  type CardTerms,
  type CardProductView,
  type CardView,
  type Page,
} from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardProductsRepository, type CardProduct } from '../card-products/card-products.repository';
import { CardProductsService, productArt } from '../card-products/card-products.service';
import { Clock } from '../common/clock';
import { ContractsService } from '../contracts/contracts.service';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { IdGenerator } from '../common/ids';
import { decodeCursor, pageOf } from '../common/pagination';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { ACCOUNT_CODES, ACCOUNT_FLAGS, LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { toMovement } from './card-movements';
import { MerchantClosingsRepository, type MerchantClosing } from '../merchants/merchant-closings.repository';
import { noticeOf } from '../merchants/merchant-closing.service';
import { MerchantsRepository, type Merchant } from '../merchants/merchants.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { addMonths, expiryOf, type ExpiryRules } from './card-expiry';
import { CardExpiryRepository } from './card-expiry.repository';
import { accountIdsOf, CardsRepository, type Card } from './cards.repository';

const CARD_NUMBER_ATTEMPTS = 5;

@Injectable()
export class CardsService {
  private readonly logger = new Logger(CardsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardsRepository,
    private readonly productRecords: CardProductsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly closings: MerchantClosingsRepository,
    private readonly tx: TransactionRunner,
    private readonly products: CardProductsService,
    private readonly ledger: LedgerService,
    private readonly ledgerRepository: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
    private readonly expiries: CardExpiryRepository,
    private readonly outbox: WebhookOutbox,
    private readonly contracts: ContractsService,
  ) {}

  /** The expiry rules as configured (docs/compliance.md §7). */
  get expiryRules(): ExpiryRules {
    return { minValidityMonths: this.config.ANONYMOUS_CARD_MIN_VALIDITY_MONTHS, reminderDays: this.config.CARD_EXPIRY_REMINDER_DAYS };
  }

  /** The product behind a claim link, as the consumer sees it before claiming. */
  async preview(claimToken: string): Promise<CardProductView> {
    const { product, merchant } = await this.products.byClaimToken(claimToken);
    return this.products.viewWithContract(product, merchant.displayName);
  }

  /**
   * A consumer claims a card: the card and its three ledger accounts (principal, bonus, points) are created in
   * one transaction. One card per consumer and product.
   */
  async claim(consumer: ConsumerPrincipal, claimToken: string, acceptedTermsVersion?: number): Promise<CardView> {
    const { product, merchant } = await this.products.byClaimToken(claimToken);
    if (await this.closings.closingOf(merchant.id)) throw new DomainError('MERCHANT_CLOSING'); // no new card once closing is announced
    const existing = await this.cards.findClaimed(consumer.consumerId, product.id);
    if (existing) throw new DomainError('CARD_ALREADY_CLAIMED');
    // the product's terms are shown on the claim page: claiming is accepting them (docs/compliance.md §8)
    await this.contracts.requireAccepted(consumer.consumerId, product.id, acceptedTermsVersion, 'CLAIM');

    for (let attempt = 1; ; attempt++) {
      const card = await this.tryCreate(consumer, product).catch((error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        return null;
      });
      if (card) {
        this.logger.log(`card ${card.id} claimed by consumer ${consumer.consumerId} (product ${product.id})`);
        return this.toView(card, product, merchant, await this.balances([card]), new Map());
      }
      // a unique key refused the insert: the same consumer claimed twice at once, or (rarely) a card number repeated
      const claimed = await this.cards.findClaimed(consumer.consumerId, product.id);
      if (claimed) throw new DomainError('CARD_ALREADY_CLAIMED');
      if (attempt >= CARD_NUMBER_ATTEMPTS) throw new DomainError('INTERNAL', 'could not allocate a card number');
    }
  }

  async list(consumer: ConsumerPrincipal): Promise<CardView[]> {
    const cards = await this.cards.listOfConsumer(consumer.consumerId);
    if (cards.length === 0) return [];
    const products = await this.productRecords.findByIds(cards.map((c) => c.productId));
    const merchantById = await this.merchants.merchantsByIds(cards.map((c) => c.merchantId));
    const balances = await this.balances(cards);
    const reminders = await this.expiries.remindersOf(cards);
    const closings = await this.closings.closingsOf(cards.map((c) => c.merchantId));
    const productById = new Map(products.map((p) => [p.id, p]));
    return cards.map((card) => this.toView(card, productById.get(card.productId)!, merchantById.get(card.merchantId)!, balances, reminders, closings));
  }

  async get(consumer: ConsumerPrincipal, cardId: string): Promise<CardView> {
    return this.viewOf(await this.ownCard(consumer, cardId));
  }

  /** Every movement on the card's three accounts, newest first. */
  async movements(consumer: ConsumerPrincipal, cardId: string, cursor: string | undefined, limit = 20): Promise<Page<CardMovement>> {
    const card = await this.ownCard(consumer, cardId);
    const ownAccounts = new Set(accountIdsOf(card));
    const transfers = await this.ledgerRepository.findTransfersOfAccounts(
      this.dataSource.manager,
      [...ownAccounts],
      decodeCursor(cursor),
      limit + 1,
    );
    const page = pageOf(transfers, limit, (t) => t.seq);
    return { items: page.items.map((t) => toMovement(t, ownAccounts)), nextCursor: page.nextCursor };
  }

  private async tryCreate(consumer: ConsumerPrincipal, product: CardProduct): Promise<Card> {
    const now = this.clock.now();
    return this.tx.run(async (em) => {
      const card = await this.openCard(em, {
        consumerId: consumer.consumerId,
        product,
        expiresAt: product.validityMonths ? addMonths(now, product.validityMonths) : null,
        generation: 0,
        replacesCardId: null,
      });
      await this.audit.record(em, { actorType: 'consumer', actorId: consumer.consumerId, action: 'card.claimed', targetType: 'card', targetId: card.id });
      // the merchant's card.claimed event, in the claim's transaction
      await this.outbox.record(em, {
        merchantId: card.merchantId,
        type: 'card.claimed',
        subjectId: card.id,
        occurredAt: card.createdAt,
        data: {
          cardId: card.id,
          cardNo: card.cardNo,
          productId: product.id,
          productName: product.name,
          kind: product.kind,
          expiresAt: card.expiresAt?.toISOString() ?? null,
          claimedAt: card.createdAt.toISOString(),
        },
      });
      return card;
    });
  }

  /**
   * Inserts a new card with a new number and its three ledger accounts (principal, bonus, points) inside the
   * caller's transaction: a claim, or a 补卡 (which then moves the lost card's balances onto it).
   */
  async openCard(
    em: EntityManager,
    fields: { consumerId: string; product: Pick<CardProduct, 'id' | 'merchantId'>; expiresAt: Date | null; generation: number; replacesCardId: string | null },
  ): Promise<Card> {
    const cardId = this.ids.uuid();
    const open = (ledger: keyof typeof LEDGERS, code: keyof typeof ACCOUNT_CODES) =>
      this.ledger.openAccount(em, {
        ledger: LEDGERS[ledger],
        code: ACCOUNT_CODES[code],
        ownerRef: cardId,
        flags: ACCOUNT_FLAGS.DEBITS_MUST_NOT_EXCEED_CREDITS,
      });
    const card: Card = {
      id: cardId,
      cardNo: cardNumberFromRandomDigits(this.ids.digits(13)),
      consumerId: fields.consumerId,
      merchantId: fields.product.merchantId,
      productId: fields.product.id,
      status: 'ACTIVE',
      principalAccountId: await open('CNY', 'CARD_PRINCIPAL'),
      bonusAccountId: await open('BONUS', 'CARD_BONUS'),
      pointsAccountId: await open('POINTS', 'CARD_POINTS'),
      expiresAt: fields.expiresAt,
      createdAt: this.clock.now(),
      generation: fields.generation,
      replacesCardId: fields.replacesCardId,
    };
    await this.cards.insert(em, card);
    return card;
  }

  /**
   * Moves every balance of `from` (principal, bonus, points, as read by the caller under lock) onto `to` in the
   * caller's transaction, one ledger operation (code ADJUSTMENT): 补卡 after a loss, a new card for an expired one
   * (CARD_REPLACEMENT), or a card given to a friend (CARD_GIFT). Between cards of one merchant no money enters or
   * leaves, so it is not under the per-payment cap.
   */
  async moveBalances(em: EntityManager, from: Card, to: Card, balances: Map<number, number>, operationId: string, kind: 'CARD_REPLACEMENT' | 'CARD_GIFT' = 'CARD_REPLACEMENT'): Promise<CardBalance> {
    const principalFen = balances.get(from.principalAccountId) ?? 0;
    const bonusFen = balances.get(from.bonusAccountId) ?? 0;
    const points = balances.get(from.pointsAccountId) ?? 0;
    const legs: TransferLeg[] = [
      { debitAccountId: from.principalAccountId, creditAccountId: to.principalAccountId, amount: principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.ADJUSTMENT },
      { debitAccountId: from.bonusAccountId, creditAccountId: to.bonusAccountId, amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.ADJUSTMENT },
      { debitAccountId: from.pointsAccountId, creditAccountId: to.pointsAccountId, amount: points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.ADJUSTMENT },
    ].filter((leg) => leg.amount > 0);
    if (legs.length > 0) await this.ledger.postInTransaction(em, { operationId, kind, merchantId: from.merchantId, legs, platformInternal: true });
    return { principalFen, bonusFen, totalFen: principalFen + bonusFen, points };
  }

  /** The consumer's view of a card already read. */
  async viewOf(card: Card): Promise<CardView> {
    const product = await this.productRecords.findById(card.productId);
    const merchant = await this.merchants.merchantById(card.merchantId);
    if (!merchant) throw new Error(`merchant ${card.merchantId} of card ${card.id} is missing`);
    return this.toView(card, product, merchant, await this.balances([card]), await this.expiries.remindersOf([card]), await this.closings.closingsOf([card.merchantId]));
  }

  /** Another consumer's card is reported exactly like a card that does not exist. */
  async ownCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }

  private balances(cards: Card[]): Promise<Map<number, number>> {
    return this.ledgerRepository.balances(null, cards.flatMap(accountIdsOf));
  }

  private toView(card: Card, product: CardProduct, merchant: Merchant, balances: Map<number, number>, reminders: Map<string, Date>, closings: Map<string, MerchantClosing> = new Map()): CardView {
    const closing = closings.get(card.merchantId);
    const balanceOf = (id: number) => balances.get(id) ?? 0;
    const principalFen = balanceOf(card.principalAccountId);
    const bonusFen = balanceOf(card.bonusAccountId);
    return {
      id: card.id,
      cardNo: card.cardNo,
      status: card.status,
      merchantId: card.merchantId,
      merchantName: merchant.displayName,
      productId: product.id,
      productName: product.name,
      coverStyle: product.coverStyle,
      ...productArt(product),
      kind: product.kind,
      balance: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: balanceOf(card.pointsAccountId) },
      maxBalanceFen: product.maxBalanceFen,
      expiresAt: card.expiresAt ? card.expiresAt.toISOString() : null,
      expiry: expiryOf(card.expiresAt, this.clock.now(), this.expiryRules, reminders.get(card.id) ?? null),
      createdAt: card.createdAt.toISOString(),
      servicePhone: merchant.kyc?.contactPhone ?? null,
      platformServicePhone: this.config.PLATFORM_SERVICE_PHONE,
      replacesCardId: card.replacesCardId ?? null,
      merchantClosing: closing ? noticeOf(closing) : null,
      terms: {
        tiers: product.tiers,
        allowCustomAmount: product.allowCustomAmount,
        minTopUpFen: product.minTopUpFen,
        deductionRule: product.deductionRule,
        pointsPerYuan: product.pointsPerYuan,
        storeIds: product.storeIds,
        description: product.description,
        paymentChannels: (merchant.paymentChannels ?? ['WECHATPAY', 'ALIPAY', 'UNIONPAY']) as CardTerms['paymentChannels'],
      },
    };
  }
}

export { accountIdsOf } from './cards.repository';
