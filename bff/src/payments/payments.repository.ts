import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute, isUniqueViolation } from '../database/transaction-runner';
import { placeholders, readInt, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import type { Channel } from './channel.port';
import { PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
import type { UnionpayTxn } from './providers/unionpay.channel';

/** Top-up orders, payment attempts, notifications and refunds: the payments context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---- top-up orders

  findOrder(orderId: string, em: EntityManager = this.dataSource.manager): Promise<TopUpOrderEntity> {
    return em.getRepository(TopUpOrderEntity).findOneByOrFail({ id: orderId });
  }

  /** The consumer's own order; another consumer's reads as missing. */
  findOwnOrder(consumerId: string, orderId: string): Promise<TopUpOrderEntity | null> {
    return this.dataSource.getRepository(TopUpOrderEntity).findOneBy({ id: orderId, consumerId });
  }

  /** One of the merchant's cards' orders; another merchant's reads as missing. */
  findOrderOfMerchant(merchantId: string, orderId: string): Promise<TopUpOrderEntity | null> {
    return this.dataSource.getRepository(TopUpOrderEntity).findOneBy({ id: orderId, merchantId });
  }

  findOrderByIdempotencyKey(consumerId: string, idempotencyKey: string): Promise<TopUpOrderEntity | null> {
    return this.dataSource.getRepository(TopUpOrderEntity).findOneBy({ consumerId, idempotencyKey });
  }

  async insertOrder(em: EntityManager, order: TopUpOrderEntity): Promise<void> {
    await em.getRepository(TopUpOrderEntity).insert(order);
  }

  /** The bonus a paid top-up made under a campaign was granted (none when the campaign's budget ran out). */
  async recordGrantedBonus(em: EntityManager, orderId: string, bonusFen: Fen, now: Date): Promise<void> {
    await execute(em, "UPDATE topup_orders SET bonus_fen = ?, updated_at = ? WHERE id = ? AND status = 'PAID'", [bonusFen, sqlTime(now), orderId]);
  }

  /** Principal + bonus of the card's orders still being paid (they count against its maximum balance). */
  async pendingTopUpsFen(cardId: string): Promise<Fen> {
    const [row] = await this.dataSource.query<Array<{ pending: string | number }>>(
      "SELECT COALESCE(SUM(amount_fen + bonus_fen), 0) AS pending FROM topup_orders WHERE card_id = ? AND status IN ('INIT', 'PAYING')",
      [cardId],
    );
    return readInt(row?.pending ?? 0);
  }

  async markPayingIfInit(em: EntityManager, orderId: string, channel: Channel, attemptId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE topup_orders SET status = 'PAYING', channel = ?, current_attempt_id = ?, updated_at = ? WHERE id = ? AND status = 'INIT'", [
      channel,
      attemptId,
      sqlTime(now),
      orderId,
    ]);
  }

  async markFailedIfInit(em: EntityManager, orderId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE topup_orders SET status = 'FAILED', updated_at = ? WHERE id = ? AND status = 'INIT'", [sqlTime(now), orderId]);
  }

  /** The order becomes PAID through this attempt, also from CLOSED or FAILED (money that arrived late); false when it was paid already. */
  async markPaidIfUnpaid(em: EntityManager, orderId: string, attempt: { id: string; channel: Channel }, paidAt: Date, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE topup_orders SET status = 'PAID', channel = ?, current_attempt_id = ?, paid_at = ?, updated_at = ? WHERE id = ? AND status IN ('INIT', 'PAYING', 'CLOSED', 'FAILED')",
      [attempt.channel, attempt.id, sqlTime(paidAt), sqlTime(now), orderId],
    );
    return changed === 1;
  }

  /** Closes an unpaid order, unless another of its attempts is still pending. */
  async closeIfNothingPending(em: EntityManager, orderId: string, now: Date): Promise<void> {
    await execute(
      em,
      "UPDATE topup_orders SET status = 'CLOSED', updated_at = ? WHERE id = ? AND status IN ('INIT', 'PAYING') AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.order_id = topup_orders.id AND a.status = 'PENDING')",
      [sqlTime(now), orderId],
    );
  }

  /** The paid top-ups of the card (or of the cards of its line, CardsRepository.lineageOf) that may still be refunded, newest first. */
  refundableOrders(em: EntityManager | null, cardIds: string | string[]): Promise<TopUpOrderEntity[]> {
    return (em ?? this.dataSource.manager).getRepository(TopUpOrderEntity).find({
      where: { cardId: typeof cardIds === 'string' ? cardIds : In(cardIds), status: In(['PAID', 'PARTIALLY_REFUNDED']) },
      order: { paidAt: 'DESC' },
    });
  }

  /** Takes `amount` of the order for a refund; false when that would refund more than was paid. */
  async takeRefund(em: EntityManager, orderId: string, amount: Fen, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      // status first: MySQL applies SET assignments left to right (SQLite reads the old row for all of them)
      "UPDATE topup_orders SET status = CASE WHEN refunded_fen + ? = amount_fen THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END, refunded_fen = refunded_fen + ?, updated_at = ? WHERE id = ? AND refunded_fen + ? <= amount_fen",
      [amount, amount, sqlTime(now), orderId, amount],
    );
    return changed === 1;
  }

  // ---- payment attempts

  findAttempt(attemptId: string, em: EntityManager = this.dataSource.manager): Promise<PaymentAttemptEntity | null> {
    return em.getRepository(PaymentAttemptEntity).findOneBy({ id: attemptId });
  }

  /** The attempt behind a channel's order number. */
  findAttemptByOutTradeNo(outTradeNo: string): Promise<PaymentAttemptEntity | null> {
    return this.dataSource.getRepository(PaymentAttemptEntity).findOneBy({ outTradeNo });
  }

  async insertAttempt(em: EntityManager, attempt: PaymentAttemptEntity): Promise<void> {
    await em.getRepository(PaymentAttemptEntity).insert(attempt);
  }

  async recordPrepay(em: EntityManager, attemptId: string, channelReference: string | null, payParams: PaymentAttemptEntity['payParams'], now: Date): Promise<void> {
    await execute(em, 'UPDATE payment_attempts SET channel_reference = ?, pay_params = ?, updated_at = ? WHERE id = ?', [
      channelReference,
      JSON.stringify(payParams),
      sqlTime(now),
      attemptId,
    ]);
  }

  /** Marks when the channel was last asked about the attempt. */
  async touchAttempt(em: EntityManager, attemptId: string, now: Date): Promise<void> {
    await execute(em, 'UPDATE payment_attempts SET updated_at = ? WHERE id = ?', [sqlTime(now), attemptId]);
  }

  async failAttemptIfPending(em: EntityManager, attemptId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE payment_attempts SET status = 'FAILED', updated_at = ? WHERE id = ? AND status = 'PENDING'", [sqlTime(now), attemptId]);
  }

  async closeAttemptIfPending(em: EntityManager, attemptId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE payment_attempts SET status = 'CLOSED', updated_at = ? WHERE id = ? AND status = 'PENDING'", [sqlTime(now), attemptId]);
  }

  /** The attempt becomes SUCCEEDED (from any other state); false when it already was — a replay. */
  async markSucceededIfNot(em: EntityManager, attemptId: string, channelTradeNo: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE payment_attempts SET status = 'SUCCEEDED', channel_trade_no = ?, updated_at = ? WHERE id = ? AND status <> 'SUCCEEDED'",
      [channelTradeNo, sqlTime(now), attemptId],
    );
    return changed === 1;
  }

  /** Pending attempts whose next query is due, the most overdue first. */
  async duePollIds(now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      "SELECT id FROM payment_attempts WHERE status = 'PENDING' AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?",
      [sqlTime(now), limit],
    );
    return rows.map((r) => String(r.id));
  }

  /** Takes the lease on a due attempt (pushes its next poll to `leaseUntil`); false when another poller has it. */
  async claimPoll(em: EntityManager, attemptId: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const changed = await execute(em, "UPDATE payment_attempts SET next_poll_at = ? WHERE id = ? AND status = 'PENDING' AND next_poll_at <= ?", [
      sqlTime(leaseUntil),
      attemptId,
      sqlTime(now),
    ]);
    return changed === 1;
  }

  async schedulePoll(em: EntityManager, attemptId: string, nextPollAt: Date): Promise<void> {
    await execute(em, "UPDATE payment_attempts SET poll_count = poll_count + 1, next_poll_at = ? WHERE id = ? AND status = 'PENDING'", [
      sqlTime(nextPollAt),
      attemptId,
    ]);
  }

  // ---- attempts and orders a batch of notifications credits (the notifications' own rows: notifications.repository.ts)

  /** The attempts behind channel order numbers, each with its order, one read (a batch of notifications). */
  async attemptsWithOrders(outTradeNos: string[]): Promise<Map<string, { attempt: PaymentAttemptEntity; order: TopUpOrderEntity }>> {
    if (outTradeNos.length === 0) return new Map();
    const attempts = await this.dataSource.getRepository(PaymentAttemptEntity).findBy({ outTradeNo: In(outTradeNos) });
    const orders = await this.dataSource.getRepository(TopUpOrderEntity).findBy({ id: In([...new Set(attempts.map((a) => a.orderId))]) });
    const byId = new Map(orders.map((o) => [o.id, o]));
    return new Map(attempts.map((attempt) => [attempt.outTradeNo, { attempt, order: byId.get(attempt.orderId)! }]));
  }

  /**
   * Payments a batch credits: every attempt becomes SUCCEEDED unless it already was, every order PAID unless it
   * already was (as markSucceededIfNot / markPaidIfUnpaid, for N rows in two statements). Each statement must change
   * all N rows, or the caller rolls back: a replay or a second attempt raced the batch.
   */
  paymentsCredited(rows: Array<{ attempt: PaymentAttemptEntity; channelTradeNo: string; paidAt: Date }>, now: Date): Statement[] {
    const when = (value: (r: (typeof rows)[number]) => unknown, key: (r: (typeof rows)[number]) => string) => {
      const parameters = rows.flatMap((r) => [key(r), value(r)]);
      return { sql: `CASE id ${rows.map(() => 'WHEN ? THEN ?').join(' ')} END`, parameters };
    };
    const tradeNo = when((r) => r.channelTradeNo, (r) => r.attempt.id);
    const attemptIds = rows.map((r) => r.attempt.id);
    const orderIds = rows.map((r) => r.attempt.orderId);
    const channel = when((r) => r.attempt.channel, (r) => r.attempt.orderId);
    const current = when((r) => r.attempt.id, (r) => r.attempt.orderId);
    const paidAt = when((r) => sqlTime(r.paidAt), (r) => r.attempt.orderId);
    return [
      {
        sql: `UPDATE payment_attempts SET status = 'SUCCEEDED', channel_trade_no = ${tradeNo.sql}, updated_at = ? WHERE id IN (${placeholders(rows.length)}) AND status <> 'SUCCEEDED'`,
        parameters: [...tradeNo.parameters, sqlTime(now), ...attemptIds],
        expectedRows: rows.length,
      },
      {
        sql: `UPDATE topup_orders SET status = 'PAID', channel = ${channel.sql}, current_attempt_id = ${current.sql}, paid_at = ${paidAt.sql}, updated_at = ?
               WHERE id IN (${placeholders(rows.length)}) AND status IN ('INIT', 'PAYING', 'CLOSED', 'FAILED')`,
        parameters: [...channel.parameters, ...current.parameters, ...paidAt.parameters, sqlTime(now), ...orderIds],
        expectedRows: rows.length,
      },
    ];
  }

  // ---- UnionPay send times

  /** The same order sent again keeps its first send time. */
  async saveUnionpayTxn(txn: UnionpayTxn): Promise<void> {
    try {
      await this.dataSource.query('INSERT INTO unionpay_txns (order_id, txn_time, orig_order_id) VALUES (?, ?, ?)', [txn.orderId, txn.txnTime, txn.origOrderId]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async findUnionpayTxn(orderId: string): Promise<UnionpayTxn | null> {
    const rows: Array<{ order_id: string; txn_time: string; orig_order_id: string | null }> = await this.dataSource.query(
      'SELECT order_id, txn_time, orig_order_id FROM unionpay_txns WHERE order_id = ?',
      [orderId],
    );
    const row = rows[0];
    return row ? { orderId: row.order_id, txnTime: row.txn_time, origOrderId: row.orig_order_id } : null;
  }
}
