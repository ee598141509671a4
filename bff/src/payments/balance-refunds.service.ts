import { Injectable, Logger } from '@nestjs/common';
import type { BalanceRefundView } from '@jucard/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardEntity } from '../cards/card.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { execute, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { readInt, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { ChannelUnavailableError, type RefundState } from './channel.port';
import { PaymentChannels } from './payment-channels';
import { CardRefundEntity, PaymentAttemptEntity, RefundPartEntity, TopUpOrderEntity } from './payment.entities';

/**
 * RefundUnusedBalance: the consumer gives the card back. At request time, in one transaction, the unused
 * principal is frozen (card principal → refund clearing), the remaining bonus is forfeited back to the merchant's
 * pool (gift value is never paid out: "pay ¥500 get ¥50, ¥275 left" returns ¥250), the card is closed and the
 * amount is spread over the card's paid top-ups, newest first. Each part then goes back to its original channel;
 * a part is done when the channel confirms (answer, notification or query), and only then does the money leave
 * refund clearing.
 */
@Injectable()
export class BalanceRefundsService {
  private readonly logger = new Logger(BalanceRefundsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async request(consumer: ConsumerPrincipal, cardId: string, idempotencyKey: string): Promise<BalanceRefundView> {
    const earlier = await this.dataSource.getRepository(CardRefundEntity).findOneBy({ consumerId: consumer.consumerId, idempotencyKey });
    if (earlier) {
      if (earlier.cardId !== cardId) throw new DomainError('IDEMPOTENCY_KEY_REUSED', idempotencyKey);
      return this.view(earlier);
    }
    const card = await this.dataSource.getRepository(CardEntity).findOneBy({ id: cardId, consumerId: consumer.consumerId });
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    let refund: CardRefundEntity;
    // resolved before the transaction: a first use may open the account on another pool connection
    const hot = { refundClearing: await this.accounts.refundClearing(), bonusPool: await this.accounts.merchantBonusPool(card.merchantId) };
    try {
      refund = await this.tx.run((em) => this.freeze(em, consumer, card, idempotencyKey, hot));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.request(consumer, cardId, idempotencyKey);
    }
    const parts = await this.dataSource.getRepository(RefundPartEntity).findBy({ cardRefundId: refund.id });
    for (const part of parts) await this.submit(part);
    return this.view(await this.dataSource.getRepository(CardRefundEntity).findOneByOrFail({ id: refund.id }));
  }

  async get(consumer: ConsumerPrincipal, cardId: string, refundId: string): Promise<BalanceRefundView> {
    const refund = await this.dataSource.getRepository(CardRefundEntity).findOneBy({ id: refundId, cardId, consumerId: consumer.consumerId });
    if (!refund) throw new DomainError('REFUND_NOT_FOUND');
    const pending = await this.dataSource.getRepository(RefundPartEntity).findBy({ cardRefundId: refund.id, status: 'PROCESSING' });
    for (const part of pending) {
      const state = await this.channels.get(part.channel).queryRefund(part.outRefundNo, part.outTradeNo).catch(() => null);
      if (state) await this.apply(part, state);
    }
    return this.view(await this.dataSource.getRepository(CardRefundEntity).findOneByOrFail({ id: refund.id }));
  }

  /** A channel's word on one refund part (its answer, a refund notification, or a query). Idempotent. */
  async applyByRefundNo(outRefundNo: string, state: RefundState): Promise<boolean> {
    const part = await this.dataSource.getRepository(RefundPartEntity).findOneBy({ outRefundNo });
    if (!part) return false;
    await this.apply(part, state);
    return true;
  }

  private async freeze(
    em: EntityManager,
    consumer: ConsumerPrincipal,
    card: CardEntity,
    idempotencyKey: string,
    hot: { refundClearing: number; bonusPool: number },
  ): Promise<CardRefundEntity> {
    const lock = this.tx.isSqlite ? '' : ' FOR UPDATE';
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT id, credits_posted - debits_posted - debits_pending AS balance FROM ledger_accounts WHERE id IN (?, ?) ORDER BY id${lock}`,
      [card.principalAccountId, card.bonusAccountId],
    );
    const balanceOf = (id: number) => readInt(rows.find((r) => readInt(r.id) === id)?.balance ?? 0);
    const principal = balanceOf(card.principalAccountId);
    const bonus = balanceOf(card.bonusAccountId);
    if (principal <= 0) throw new DomainError('NOTHING_TO_REFUND');
    const closed = await execute(em, "UPDATE cards SET status = 'CLOSED' WHERE id = ? AND status = 'ACTIVE'", [card.id]);
    if (closed !== 1) throw new DomainError('CARD_NOT_ACTIVE');

    const now = this.clock.now();
    const refund: CardRefundEntity = {
      id: this.ids.uuid(),
      cardId: card.id,
      consumerId: consumer.consumerId,
      idempotencyKey,
      principalFen: principal,
      bonusForfeitedFen: bonus,
      status: 'PROCESSING',
      createdAt: now,
      updatedAt: now,
    };
    await em.getRepository(CardRefundEntity).insert(refund);

    // spread the principal over the card's paid top-ups, newest first, each up to what it has left
    const orders = await em.getRepository(TopUpOrderEntity).find({
      where: { cardId: card.id, status: In(['PAID', 'PARTIALLY_REFUNDED']) },
      order: { paidAt: 'DESC' },
    });
    let left = principal;
    for (const order of orders) {
      if (left === 0) break;
      const amount = Math.min(left, order.amountFen - order.refundedFen);
      if (amount <= 0 || !order.currentAttemptId) continue;
      const attempt = await em.getRepository(PaymentAttemptEntity).findOneByOrFail({ id: order.currentAttemptId });
      const taken = await execute(
        em,
        // status first: MySQL applies SET assignments left to right (SQLite reads the old row for all of them)
        "UPDATE topup_orders SET status = CASE WHEN refunded_fen + ? = amount_fen THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END, refunded_fen = refunded_fen + ?, updated_at = ? WHERE id = ? AND refunded_fen + ? <= amount_fen",
        [amount, amount, sqlTime(now), order.id, amount],
      );
      if (taken !== 1) throw new DomainError('CONFLICT', 'top-up changed while refunding');
      await em.getRepository(RefundPartEntity).insert({
        id: this.ids.uuid(),
        cardRefundId: refund.id,
        orderId: order.id,
        channel: attempt.channel,
        outTradeNo: attempt.outTradeNo,
        outRefundNo: `RF${now.toISOString().slice(0, 10).replace(/-/g, '')}${this.ids.digits(18)}`,
        amountFen: amount,
        orderTotalFen: order.amountFen,
        status: 'PROCESSING',
        channelRefundNo: null,
        createdAt: now,
        updatedAt: now,
      });
      left -= amount;
    }
    // principal that did not come from this card's own payments cannot go back "the original way"
    if (left > 0) throw new DomainError('REFUND_NOT_POSSIBLE');

    const legs: TransferLeg[] = [
      { debitAccountId: card.principalAccountId, creditAccountId: hot.refundClearing, amount: principal, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND },
    ];
    if (bonus > 0) {
      legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: bonus, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT });
    }
    await this.ledger.postInTransaction(em, { operationId: `card-refund:${refund.id}`, kind: 'BALANCE_REFUND', merchantId: card.merchantId, legs });
    await this.audit.record(em, {
      actorType: 'consumer',
      actorId: consumer.consumerId,
      action: 'card.balance_refund_requested',
      targetType: 'card',
      targetId: card.id,
      detail: { refundId: refund.id, principalFen: principal, bonusForfeitedFen: bonus },
    });
    this.logger.log(`card ${card.id}: refund of ${principal} fen requested (bonus ${bonus} forfeited), card closed`);
    return refund;
  }

  private async submit(part: RefundPartEntity): Promise<void> {
    try {
      const state = await this.channels.get(part.channel).refund({
        outTradeNo: part.outTradeNo,
        outRefundNo: part.outRefundNo,
        refundFen: part.amountFen,
        totalFen: part.orderTotalFen,
        reason: '会员卡余额退款',
        notifyUrl: `${this.config.publicBaseUrl}/payments/notify/${part.channel.toLowerCase()}`,
      });
      await this.apply(part, state);
    } catch (error) {
      // the part stays PROCESSING: asked again when the consumer looks, confirmed by the channel's notification
      if (!(error instanceof ChannelUnavailableError)) throw error;
      this.logger.warn(`refund ${part.outRefundNo}: ${part.channel} unavailable; will ask again`);
    }
  }

  private async apply(part: RefundPartEntity, state: RefundState): Promise<void> {
    if (state.kind === 'PROCESSING' || state.kind === 'UNKNOWN') return;
    const refundClearing = await this.accounts.refundClearing();
    const channelClearing = await this.accounts.topUpClearing(part.channel);
    await this.tx.run(async (em) => {
      const now = sqlTime(this.clock.now());
      if (state.kind === 'FAILED') {
        const changed = await execute(em, "UPDATE refund_parts SET status = 'FAILED', updated_at = ? WHERE id = ? AND status = 'PROCESSING'", [now, part.id]);
        if (changed === 1) this.logger.error(`refund ${part.outRefundNo} FAILED at ${part.channel}: ${state.reason}; the money stays in refund clearing for an operator`);
      } else {
        const changed = await execute(
          em,
          "UPDATE refund_parts SET status = 'SUCCEEDED', channel_refund_no = ?, updated_at = ? WHERE id = ? AND status = 'PROCESSING'",
          [state.channelRefundNo, now, part.id],
        );
        if (changed !== 1) return;
        await this.ledger.postInTransaction(em, {
          operationId: `refund-paid:${part.id}`,
          kind: 'REFUND_PAID',
          legs: [{ debitAccountId: refundClearing, creditAccountId: channelClearing, amount: part.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }],
        });
      }
      await execute(
        em,
        `UPDATE card_refunds SET status = CASE
             WHEN NOT EXISTS (SELECT 1 FROM refund_parts p WHERE p.card_refund_id = card_refunds.id AND p.status <> 'SUCCEEDED') THEN 'SUCCEEDED'
             WHEN EXISTS (SELECT 1 FROM refund_parts p WHERE p.card_refund_id = card_refunds.id AND p.status = 'FAILED') THEN 'FAILED'
             ELSE 'PROCESSING' END, updated_at = ?
         WHERE id = ?`,
        [now, part.cardRefundId],
      );
    });
  }

  private async view(refund: CardRefundEntity): Promise<BalanceRefundView> {
    const parts = await this.dataSource.getRepository(RefundPartEntity).find({ where: { cardRefundId: refund.id }, order: { createdAt: 'ASC' } });
    return {
      refundId: refund.id,
      cardId: refund.cardId,
      principalFen: refund.principalFen,
      bonusForfeitedFen: refund.bonusForfeitedFen,
      status: refund.status,
      parts: parts.map((p) => ({ channel: p.channel, amountFen: p.amountFen, status: p.status })),
      createdAt: refund.createdAt.toISOString(),
    };
  }
}
