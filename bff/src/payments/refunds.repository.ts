import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readIntOrNull, sqlTime } from '../database/sql-values';
import { TRANSFER_CODES } from '../ledger/ledger.constants';
import { CardRefundEntity, RefundPartEntity } from './payment.entities';

/** Refunds of unused balance (card_refunds) and their per-top-up parts (refund_parts): the payments context's refund SQL. */
@Injectable()
export class RefundsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByIdempotencyKey(consumerId: string, idempotencyKey: string): Promise<CardRefundEntity | null> {
    return this.dataSource.getRepository(CardRefundEntity).findOneBy({ consumerId, idempotencyKey });
  }

  findRefund(refundId: string): Promise<CardRefundEntity> {
    return this.dataSource.getRepository(CardRefundEntity).findOneByOrFail({ id: refundId });
  }

  /** The consumer's own refund of that card; anything else reads as missing. */
  findOwnRefund(consumerId: string, cardId: string, refundId: string): Promise<CardRefundEntity | null> {
    return this.dataSource.getRepository(CardRefundEntity).findOneBy({ id: refundId, cardId, consumerId });
  }

  async insertRefund(em: EntityManager, refund: CardRefundEntity): Promise<void> {
    await em.getRepository(CardRefundEntity).insert(refund);
  }

  async insertPart(em: EntityManager, part: RefundPartEntity): Promise<void> {
    await em.getRepository(RefundPartEntity).insert(part);
  }

  /** The refund's parts in the order they were made. */
  partsOf(refundId: string): Promise<RefundPartEntity[]> {
    return this.dataSource.getRepository(RefundPartEntity).find({ where: { cardRefundId: refundId }, order: { createdAt: 'ASC' } });
  }

  /** Parts the channel has not answered yet. */
  processingParts(refundId: string): Promise<RefundPartEntity[]> {
    return this.dataSource.getRepository(RefundPartEntity).findBy({ cardRefundId: refundId, status: 'PROCESSING' });
  }

  findPartByRefundNo(outRefundNo: string): Promise<RefundPartEntity | null> {
    return this.dataSource.getRepository(RefundPartEntity).findOneBy({ outRefundNo });
  }

  /** False when the part was no longer PROCESSING (the channel's word came twice). */
  async failPartIfProcessing(em: EntityManager, partId: string, now: Date): Promise<boolean> {
    return (await execute(em, "UPDATE refund_parts SET status = 'FAILED', updated_at = ? WHERE id = ? AND status = 'PROCESSING'", [sqlTime(now), partId])) === 1;
  }

  async succeedPartIfProcessing(em: EntityManager, partId: string, channelRefundNo: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      "UPDATE refund_parts SET status = 'SUCCEEDED', channel_refund_no = ?, updated_at = ? WHERE id = ? AND status = 'PROCESSING'",
      [channelRefundNo, sqlTime(now), partId],
    );
    return changed === 1;
  }

  /**
   * For the cooling-off rule, in ledger order: the seq of the card's latest sale (principal or bonus paid out) and of
   * each top-up's credit (operation `topup:<order id>`). Reads of the ledger's transfers, never writes, inside the
   * refund's transaction so a sale committed first is seen.
   */
  async cardLedgerMarks(em: EntityManager | null, accountIds: number[], orderIds: string[]): Promise<{ lastSaleSeq: number | null; creditSeqs: Map<string, number> }> {
    const manager = em ?? this.dataSource.manager;
    const sale: Array<Record<string, unknown>> = await manager.query(
      `SELECT MAX(seq) AS seq FROM ledger_transfers
        WHERE debit_account_id IN (${placeholders(accountIds.length)}) AND code IN (${TRANSFER_CODES.REDEMPTION}, ${TRANSFER_CODES.BONUS_REDEMPTION})`,
      accountIds,
    );
    const credits: Array<Record<string, unknown>> =
      orderIds.length === 0
        ? []
        : await manager.query(`SELECT operation_id, MIN(seq) AS seq FROM ledger_transfers WHERE operation_id IN (${placeholders(orderIds.length)}) GROUP BY operation_id`, orderIds.map((id) => `topup:${id}`));
    return {
      lastSaleSeq: readIntOrNull(sale[0]?.seq),
      creditSeqs: new Map(credits.map((r) => [String(r.operation_id).slice('topup:'.length), readInt(r.seq)])),
    };
  }

  /**
   * Attempts a channel confirmed as paid although their order was paid through another attempt (a double payment),
   * with no refund part yet: the money must go back. Read through ix_attempts_poll (status, next_poll_at) over the
   * attempts polled since `since`, so the sweep never scans every payment ever made.
   */
  async unrefundedDuplicates(since: Date, limit: number): Promise<string[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.id FROM payment_attempts a JOIN topup_orders o ON o.id = a.order_id
        WHERE a.status = 'SUCCEEDED' AND a.next_poll_at >= ? AND (o.current_attempt_id IS NULL OR o.current_attempt_id <> a.id)
          AND NOT EXISTS (SELECT 1 FROM refund_parts p WHERE p.out_trade_no = a.out_trade_no)
        ORDER BY a.next_poll_at LIMIT ?`,
      [sqlTime(since), limit],
    );
    return rows.map((r) => String(r.id));
  }

  /** The refund's status from its parts: SUCCEEDED when all are, FAILED when any failed, else PROCESSING. */
  async rollUpStatus(em: EntityManager, refundId: string, now: Date): Promise<void> {
    await execute(
      em,
      `UPDATE card_refunds SET status = CASE
           WHEN NOT EXISTS (SELECT 1 FROM refund_parts p WHERE p.card_refund_id = card_refunds.id AND p.status <> 'SUCCEEDED') THEN 'SUCCEEDED'
           WHEN EXISTS (SELECT 1 FROM refund_parts p WHERE p.card_refund_id = card_refunds.id AND p.status = 'FAILED') THEN 'FAILED'
           ELSE 'PROCESSING' END, updated_at = ?
       WHERE id = ?`,
      [sqlTime(now), refundId],
    );
  }
}
