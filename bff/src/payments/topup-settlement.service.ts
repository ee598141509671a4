import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { accountIdsOf, CardsRepository, type Card } from '../cards/cards.repository';
import { BatchConflict } from '../common/batch-conflict';
import { Clock } from '../common/clock';
import { runStatements } from '../database/statements';
import { isDeadlock, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import type { PostCommand, TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { CampaignRewards, type EarnedReward } from '../marketing/campaigns-rewards';
import { MemberLevelsRepository, type TopUpCounted } from '../marketing/member-levels.repository';
import { WebhookOutbox, type WebhookEvent } from '../webhooks/webhook-outbox';
import type { PaymentState } from './channel.port';
import { NotificationsRepository, type NotificationRow } from './notifications.repository';
import type { PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';

export type SettleOutcome = 'CREDITED' | 'ALREADY_CREDITED' | 'DUPLICATE_PAYMENT';
type Paid = Extract<PaymentState, { kind: 'PAID' }>;
type Hot = { clearing: number; bonusPool: number; pointsPool: number };
/** A top-up made under a campaign with the pack of its tier under the version it was created with. */
type CampaignPack = Awaited<ReturnType<CampaignRewards['packOf']>>;

/** A payment a channel confirmed for a known attempt; `notification`, when it came as one, is stored with it. */
export interface ConfirmedPayment {
  attempt: PaymentAttemptEntity;
  order: TopUpOrderEntity;
  paid: Paid;
  notification: NotificationRow | null;
}

const UNPAID = new Set(['INIT', 'PAYING', 'CLOSED', 'FAILED']);

/**
 * CreditTopUp: a channel confirmed a payment (notification, poll, or a late answer to close). In ONE
 * transaction the attempt becomes SUCCEEDED, the order PAID (also from CLOSED or FAILED: money that arrived late
 * is never lost), the card is credited principal + bonus and the notification is stored. The ledger operation id
 * is the order id and every state change is guarded, so any replay — a duplicated notification racing the
 * poller — is a no-op.
 */
@Injectable()
export class TopUpSettlement {
  private readonly logger = new Logger(TopUpSettlement.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly cards: CardsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly ledgerRecords: LedgerRepository,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: WebhookOutbox,
    private readonly rewards: CampaignRewards,
    private readonly memberLevels: MemberLevelsRepository,
  ) {}

  /** One confirmed payment (the poller, reconciliation, a top-up's own query). */
  async settle(attempt: PaymentAttemptEntity, paid: Paid): Promise<SettleOutcome> {
    return this.settleOne({ attempt, order: await this.payments.findOrder(attempt.orderId), paid, notification: null });
  }

  /**
   * Several confirmed payments (a batch of notifications) in ONE transaction with a constant number of statements:
   * the notifications, the attempts, the orders, the ledger's operations / transfers / card deltas and the audit
   * rows in one round trip. A payment whose attempt had succeeded already (read before) is a replay: only its
   * notification is stored. If a guard does not hold as a whole (a replay or another attempt raced the batch), a
   * unique key or a deadlock stops the batch, it goes back to one by one; anything else fails it loudly.
   */
  async settleMany(payments: ConfirmedPayment[]): Promise<SettleOutcome[]> {
    // a top-up made under a campaign is credited one by one: its grant takes the campaign's budget row
    // and so is one for a card no longer active (lost, replaced): the money goes where the card's line is now
    const unpaid = payments.filter((p) => p.attempt.status !== 'SUCCEEDED' && UNPAID.has(p.order.status) && !p.order.campaignId);
    const cards = await this.cards.findByIds(unpaid.map((p) => p.order.cardId));
    const credits = unpaid.filter((p) => cards.get(p.order.cardId)!.status === 'ACTIVE');
    const replays = payments.filter((p) => p.attempt.status === 'SUCCEEDED');
    const batched = new Set([...credits, ...replays]);
    const outcomes = new Map<ConfirmedPayment, SettleOutcome>();
    if (batched.size > 0) {
      try {
        const prepared = await this.prepare(credits, cards);
        await this.tx.run((em) => this.settleManyWithin(em, prepared, replays));
        for (const p of credits) outcomes.set(p, 'CREDITED');
        for (const p of replays) outcomes.set(p, 'ALREADY_CREDITED');
      } catch (error) {
        const cause = error instanceof BatchConflict ? 'conflict' : isUniqueViolation(error) ? 'unique key' : isDeadlock(error) ? 'deadlock' : null;
        if (!cause) throw error;
        this.logger.log(`a batch of ${batched.size} confirmed payments went back to one by one (${cause}: ${(error as Error).message})`);
        batched.clear();
      }
    }
    // the rest (a second attempt of a paid order, a batch sent back) one by one, each with its exact answer
    for (const p of payments) if (!batched.has(p)) outcomes.set(p, await this.settleOne(p));
    for (const p of credits) if (outcomes.get(p) === 'CREDITED') this.logCredit(p.attempt);
    return payments.map((p) => outcomes.get(p)!);
  }

  /** Marks an unpaid attempt (and its order, when nothing else is pending) closed after the channel closed it. */
  async close(attempt: PaymentAttemptEntity): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      await this.payments.closeAttemptIfPending(em, attempt.id, now);
      await this.payments.closeIfNothingPending(em, attempt.orderId, now);
    });
    this.logger.log(`top-up ${attempt.orderId}: attempt ${attempt.outTradeNo} closed unpaid`);
  }

  /** The cards and hot accounts of the credits, resolved BEFORE the transaction: a first use may open an account on another pool connection. */
  private async prepare(credits: ConfirmedPayment[], cards: Map<string, Card>): Promise<Array<{ payment: ConfirmedPayment; posting: PostCommand; card: Card }>> {
    return Promise.all(
      credits.map(async (payment) => {
        const card = cards.get(payment.order.cardId)!;
        return { payment, card, posting: topUpPosting(payment.order, card, await this.hotAccounts(payment)) };
      }),
    );
  }

  private async settleManyWithin(em: EntityManager, credits: Array<{ payment: ConfirmedPayment; posting: PostCommand; card: Card }>, replays: ConfirmedPayment[]): Promise<void> {
    const now = this.clock.now();
    const stored = [
      ...credits.map(({ payment }) => payment.notification && { ...payment.notification, outcome: 'CREDITED' }),
      ...replays.map((p) => p.notification && { ...p.notification, outcome: 'ALREADY_CREDITED' }),
    ].filter((row): row is NotificationRow => row !== null);
    const statements = stored.length > 0 ? [this.notifications.rowsInsert(stored)] : [];
    if (credits.length === 0) {
      await runStatements(em, statements);
      return;
    }
    statements.push(
      ...this.payments.paymentsCredited(
        credits.map(({ payment }) => ({ attempt: payment.attempt, channelTradeNo: payment.paid.channelTradeNo, paidAt: payment.paid.paidAt })),
        now,
      ),
      this.audit.entriesInsert(credits.map(({ payment, card }) => toppedUp(payment, card))),
      this.outbox.eventsInsert(credits.map(({ payment, card }) => toppedUpEvent(payment, card))),
      this.memberLevels.toppedUpStatement(credits.map(({ payment }) => counted(payment.order)), now),
    );
    await this.ledger.postBatchInTransaction(
      em,
      credits.map((c) => c.posting),
      { alongside: statements },
    );
  }

  /** One payment, step by step, with its exact outcome (a replay, a second attempt of a paid order, a credit). */
  private async settleOne(payment: ConfirmedPayment): Promise<SettleOutcome> {
    const { attempt, order } = payment;
    const hot = await this.hotAccounts(payment);
    const pack = order.campaignId && order.campaignVersion !== null ? await this.rewards.packOf({ campaignId: order.campaignId, campaignVersion: order.campaignVersion, amountFen: order.amountFen }) : null;
    const outcome = await this.tx.run(async (em) => {
      const result = await this.settleWithin(em, payment, hot, pack);
      if (payment.notification) await this.notifications.insert(em, { ...payment.notification, outcome: result });
      return result;
    });
    if (outcome === 'CREDITED' && !payment.notification) this.logCredit(attempt);
    if (outcome === 'DUPLICATE_PAYMENT') {
      // a second attempt of an order already paid through another one: the money must go back to the payer
      this.logger.error(`DUPLICATE PAYMENT: attempt ${attempt.outTradeNo} paid but order ${attempt.orderId} was already paid; refund needed`);
    }
    return outcome;
  }

  private async settleWithin(em: EntityManager, { attempt, order: created, paid }: ConfirmedPayment, hot: Hot, pack: CampaignPack): Promise<SettleOutcome> {
    const now = this.clock.now();
    if (!(await this.payments.markSucceededIfNot(em, attempt.id, paid.channelTradeNo, now))) return 'ALREADY_CREDITED';
    if (!(await this.payments.markPaidIfUnpaid(em, attempt.orderId, attempt, paid.paidAt, now))) return 'DUPLICATE_PAYMENT';
    // paid after the card was replaced (an order opened before 补卡): the replacement, the same holder's, is credited.
    // Locked as a replacement locks — the card's accounts, then its row — so one waits for the other, never a deadlock
    const lock = !this.tx.isSqlite;
    if (lock) await this.ledgerRecords.balances(em, accountIdsOf(await this.cards.findById(created.cardId, em)), true);
    const card = await this.cards.creditTarget(em, created.cardId, lock);
    if (card.id !== created.cardId) this.logger.log(`top-up ${created.id} was paid after card ${created.cardId} was replaced: card ${card.id} is credited`);
    let order = created;
    let reward: EarnedReward | null = null;
    if (created.campaignId && created.campaignVersion !== null) {
      reward = await this.rewards.grantWithin(em, { ...created, campaignId: created.campaignId, campaignVersion: created.campaignVersion }, pack);
      // the order's bonus is what was granted (none when the budget ran out), so refunds count exactly that
      if (reward.bonusFen !== created.bonusFen) {
        await this.payments.recordGrantedBonus(em, created.id, reward.bonusFen, now);
        order = { ...created, bonusFen: reward.bonusFen };
      }
    }
    await this.ledger.postInTransaction(em, topUpPosting(order, card, hot, reward?.points ?? 0));
    await this.audit.record(em, toppedUp({ attempt, order }, card));
    await this.outbox.record(em, toppedUpEvent({ attempt, order, paid }, card));
    await runStatements(em, [this.memberLevels.toppedUpStatement([counted(order)], now)]);
    return 'CREDITED';
  }

  private async hotAccounts({ attempt, order }: { attempt: PaymentAttemptEntity; order: TopUpOrderEntity }): Promise<Hot> {
    return {
      clearing: await this.accounts.topUpClearing(attempt.channel),
      bonusPool: await this.accounts.merchantBonusPool(order.merchantId),
      pointsPool: order.campaignId ? await this.accounts.merchantPointsPool(order.merchantId) : 0,
    };
  }

  private logCredit(attempt: PaymentAttemptEntity): void {
    this.logger.log(`top-up ${attempt.orderId} paid via ${attempt.channel} (${attempt.outTradeNo}); card credited`);
  }
}

function topUpPosting(order: TopUpOrderEntity, card: Card, hot: Hot, points = 0): PostCommand {
  const legs: TransferLeg[] = [
    { debitAccountId: hot.clearing, creditAccountId: card.principalAccountId, amount: order.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP },
  ];
  if (order.bonusFen > 0) {
    legs.push({ debitAccountId: hot.bonusPool, creditAccountId: card.bonusAccountId, amount: order.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_GRANT });
  }
  if (points > 0) {
    legs.push({ debitAccountId: hot.pointsPool, creditAccountId: card.pointsAccountId, amount: points, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_ACCRUAL });
  }
  return { operationId: `topup:${order.id}`, kind: 'TOPUP', merchantId: order.merchantId, legs };
}

function toppedUp({ attempt, order }: { attempt: PaymentAttemptEntity; order: TopUpOrderEntity }, card: Card): AuditEntry {
  return {
    actorType: 'system',
    actorId: null,
    action: 'card.topped_up',
    targetType: 'card',
    targetId: card.id,
    detail: { orderId: order.id, channel: attempt.channel, outTradeNo: attempt.outTradeNo, amountFen: order.amountFen, bonusFen: order.bonusFen, ...(card.id !== order.cardId && { orderCardId: order.cardId }) },
  };
}

/** The card.topped_up webhook event, written with the credit. */
function toppedUpEvent({ attempt, order, paid }: { attempt: PaymentAttemptEntity; order: TopUpOrderEntity; paid: Paid }, card: Card): WebhookEvent<'card.topped_up'> {
  return {
    merchantId: order.merchantId,
    type: 'card.topped_up',
    subjectId: order.id,
    occurredAt: paid.paidAt,
    data: { orderId: order.id, cardId: card.id, channel: attempt.channel, amountFen: order.amountFen, bonusFen: order.bonusFen, paidAt: paid.paidAt.toISOString() },
  };
}

/** What a paid top-up adds to its member's cumulative top-up at the merchant (会员等级). */
function counted(order: TopUpOrderEntity): TopUpCounted {
  return { merchantId: order.merchantId, consumerId: order.consumerId, amountFen: order.amountFen };
}
