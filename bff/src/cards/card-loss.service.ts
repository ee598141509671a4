import { forwardRef, Inject, Injectable, Logger } from '@nestjs/common';
import { maskCardNo, maskPhone, type CardReplacementView, type CardUnlockCodeSent, type CardView, type StaffCardLossView } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityRepository } from '../auth/identity.repository';
import { OneTimeCodes } from '../auth/one-time-codes';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LedgerRepository } from '../ledger/ledger.repository';
import { RiskService } from '../risk/risk.service';
import { CardsRepository, type Card } from './cards.repository';
import { accountIdsOf, CardsService } from './cards.service';

const UNLOCK_PURPOSE = 'card-unlock';
const STAFF_LOSS_PURPOSE = 'staff-card-loss';

/**
 * 挂失 / 解挂 / 补卡 of a named card (docs/compliance.md §5). LOST is the holder's own status, apart from an
 * operator's FROZEN, so a holder can never lift a freeze; the till refuses a LOST card (CARD_REPORTED_LOST).
 */
@Injectable()
export class CardLossService {
  private readonly logger = new Logger(CardLossService.name);

  constructor(
    private readonly cards: CardsRepository,
    private readonly cardViews: CardsService,
    private readonly products: CardProductsRepository,
    private readonly identities: IdentityRepository,
    private readonly codes: OneTimeCodes,
    private readonly ledgerRepository: LedgerRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    // risk control reads cards (its cases show them), so the two modules import each other
    @Inject(forwardRef(() => RiskService)) private readonly risk: RiskService,
  ) {}

  /** 挂失: at once, from the holder's login alone (someone else holding the card must be stopped now). */
  async reportLost(consumer: ConsumerPrincipal, cardId: string): Promise<CardView> {
    const card = await this.cardViews.ownCard(consumer, cardId);
    const product = await this.products.findById(card.productId);
    if (product.kind === 'ANONYMOUS') throw new DomainError('ANONYMOUS_CARD_CANNOT_BE_LOST');
    if (card.status !== 'LOST') {
      await this.tx.run(async (em) => {
        if (!(await this.cards.setStatusIf(em, card.id, 'ACTIVE', 'LOST'))) throw new DomainError('CARD_NOT_ACTIVE');
        await this.audit.record(em, { actorType: 'consumer', actorId: consumer.consumerId, action: 'card.reported_lost', targetType: 'card', targetId: card.id });
      });
      this.logger.log(`card ${card.id} reported lost by consumer ${consumer.consumerId}`);
    }
    return this.cardViews.viewOf(await this.cards.findById(card.id));
  }

  /**
   * 挂失 by the merchant's staff for a holder on the phone: the identity check is an SMS code to the holder's phone,
   * read back by the caller. Sent whether or not the phone has an account here, so the answer says nothing about it.
   */
  sendStaffLossCode(staff: StaffPrincipal, phone: string): Promise<CardUnlockCodeSent> {
    return this.codes
      .send(phone, STAFF_LOSS_PURPOSE, (code) => ({ text: `【聚卡】商户客服正在为您办理会员卡挂失，验证码 ${code}，5分钟内有效。请只告诉正在为您办理的客服。`, templateParams: [code, '5'] }))
      .then((sent) => {
        this.logger.log(`staff ${staff.staffId} asked for a loss code for ${maskPhone(phone)}`);
        return { phoneMasked: maskPhone(phone), resendAfterSeconds: sent.resendAfterSeconds };
      });
  }

  /** Reports lost every usable named card the holder of `phone` has at the staff's merchant. */
  async reportLostByStaff(staff: StaffPrincipal, phone: string, code: string): Promise<StaffCardLossView> {
    if (!(await this.codes.consume(phone, STAFF_LOSS_PURPOSE, code))) throw new DomainError('LOSS_CODE_INVALID');
    const consumer = await this.identities.consumerByIdentity({ phone });
    const cards = consumer ? (await this.cards.listOfConsumer(consumer.id)).filter((card) => card.merchantId === staff.merchantId) : [];
    const products = new Map((await this.products.findByIds(cards.map((card) => card.productId))).map((p) => [p.id, p]));
    const named = cards.filter((card) => products.get(card.productId)?.kind === 'NAMED' && (card.status === 'ACTIVE' || card.status === 'LOST'));
    if (named.length === 0) throw new DomainError('CARD_NOT_FOUND');
    await this.tx.run(async (em) => {
      for (const card of named) {
        if (card.status !== 'ACTIVE' || !(await this.cards.setStatusIf(em, card.id, 'ACTIVE', 'LOST'))) continue;
        await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'card.reported_lost', targetType: 'card', targetId: card.id, detail: { byStaff: true } });
      }
    });
    return { phoneMasked: maskPhone(phone), cards: named.map((card) => ({ cardNoMasked: maskCardNo(card.cardNo), productName: products.get(card.productId)!.name, status: 'LOST' })) };
  }

  /** The SMS code that 解挂 needs, to the phone of the holder's account. */
  async sendUnlockCode(consumer: ConsumerPrincipal, cardId: string): Promise<CardUnlockCodeSent> {
    const card = await this.lostCard(consumer, cardId);
    const phone = await this.phoneOf(consumer);
    const sent = await this.codes.send(phone, UNLOCK_PURPOSE, (code) => ({
      text: `【聚卡】您正在为尾号${card.cardNo.slice(-4)}的会员卡解除挂失，验证码 ${code}，5分钟内有效。如非本人操作请忽略。`,
      templateParams: [code, '5'],
    }));
    return { phoneMasked: maskPhone(phone), resendAfterSeconds: sent.resendAfterSeconds };
  }

  /** 解挂: the same identity as the loss (the login) and the holder's phone again (a fresh SMS code). */
  async unlock(consumer: ConsumerPrincipal, cardId: string, code: string): Promise<CardView> {
    const card = await this.lostCard(consumer, cardId);
    if (!(await this.codes.consume(await this.phoneOf(consumer), UNLOCK_PURPOSE, code))) throw new DomainError('LOSS_CODE_INVALID');
    await this.tx.run(async (em) => {
      // a 补卡 may have closed it meanwhile
      if (!(await this.cards.setStatusIf(em, card.id, 'LOST', 'ACTIVE'))) throw new DomainError('CARD_NOT_LOST');
      await this.audit.record(em, { actorType: 'consumer', actorId: consumer.consumerId, action: 'card.loss_lifted', targetType: 'card', targetId: card.id });
    });
    return this.cardViews.viewOf(await this.cards.findById(card.id));
  }

  /**
   * 补卡: a new card number receives the lost card's principal, bonus and points in ONE transaction (operation
   * `card-replacement:<lost card>`), and the lost card closes for good. Once per card: asked again (or twice at
   * once) it answers the first replacement.
   */
  async replace(consumer: ConsumerPrincipal, cardId: string): Promise<CardReplacementView> {
    const lost = await this.cardViews.ownCard(consumer, cardId);
    const done = await this.replacementOf(lost);
    if (done) return done;
    if (lost.status !== 'LOST') throw new DomainError('CARD_NOT_LOST');
    // risk control judges the balance about to move (read before the transaction; a sale still running may lower it)
    const before = await this.ledgerRepository.balances(null, [lost.principalAccountId, lost.bonusAccountId]);
    const movingFen = (before.get(lost.principalAccountId) ?? 0) + (before.get(lost.bonusAccountId) ?? 0);
    await this.risk.decide({ kind: 'CARD_REPLACEMENT', id: `card-replacement:${lost.id}`, consumerId: lost.consumerId, cardId: lost.id, merchantId: lost.merchantId, productId: lost.productId, amountFen: movingFen });
    const product = await this.products.findById(lost.productId);
    let moved: CardReplacementView['moved'];
    let replacement: Card;
    try {
      ({ moved, replacement } = await this.tx.run(async (em) => {
        // the lost card's accounts stay locked (MySQL) so a sale already past its checks cannot spend what moves
        const balances = await this.ledgerRepository.balances(em, accountIdsOf(lost), !this.tx.isSqlite);
        if (!(await this.cards.closeIfLost(em, lost.id))) throw new DomainError('CARD_NOT_LOST');
        const card = await this.cardViews.openCard(em, {
          consumerId: lost.consumerId,
          product,
          expiresAt: lost.expiresAt,
          generation: (lost.generation ?? 0) + 1,
          replacesCardId: lost.id,
        });
        const moved = await this.cardViews.moveBalances(em, lost, card, balances, `card-replacement:${lost.id}`);
        await this.audit.record(em, {
          actorType: 'consumer',
          actorId: consumer.consumerId,
          action: 'card.replaced',
          targetType: 'card',
          targetId: lost.id,
          detail: { replacementCardId: card.id, cardNo: card.cardNo, principalFen: moved.principalFen, bonusFen: moved.bonusFen, points: moved.points },
        });
        return { moved, replacement: card };
      }));
    } catch (error) {
      // the other of two replacements at once won (its unique keys or its guard): answer that one
      if (!isUniqueViolation(error) && !(error instanceof DomainError && error.code === 'CARD_NOT_LOST')) throw error;
      const first = await this.replacementOf(await this.cards.findById(lost.id));
      if (first) return first;
      throw error;
    }
    this.logger.log(`card ${lost.id} replaced by ${replacement.id}: ${moved.principalFen} fen, ${moved.bonusFen} bonus, ${moved.points} points moved`);
    return { replacedCardId: lost.id, card: await this.cardViews.viewOf(replacement), moved };
  }

  private async replacementOf(lost: Card): Promise<CardReplacementView | null> {
    if (lost.status !== 'CLOSED') return null;
    const card = await this.cards.findReplacementOf(lost.id);
    if (!card) return null;
    const transfers = await this.ledgerRepository.findTransfersByOperation(this.dataSource.manager, `card-replacement:${lost.id}`);
    const amountTo = (accountId: number) => transfers.filter((t) => t.creditAccountId === accountId).reduce((sum, t) => sum + t.amount, 0);
    const principalFen = amountTo(card.principalAccountId);
    const bonusFen = amountTo(card.bonusAccountId);
    const moved = { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: amountTo(card.pointsAccountId) };
    return { replacedCardId: lost.id, card: await this.cardViews.viewOf(card), moved };
  }

  private async lostCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cardViews.ownCard(consumer, cardId);
    if (card.status !== 'LOST') throw new DomainError('CARD_NOT_LOST');
    return card;
  }

  private async phoneOf(consumer: ConsumerPrincipal): Promise<string> {
    const found = await this.identities.consumerById(consumer.consumerId);
    if (!found?.phone) throw new DomainError('LOSS_PHONE_MISSING');
    return found.phone;
  }
}
