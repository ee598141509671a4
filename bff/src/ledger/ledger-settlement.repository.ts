import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readInt, readTime, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES, type TransferCode } from './ledger.constants';

/** The cash transfers a merchant is settled for: redemptions owed to it, reversals taken back. */
const SETTLED_CODES = `${TRANSFER_CODES.REDEMPTION}, ${TRANSFER_CODES.REVERSAL}`;

/** A transfer marked for a statement, as the statement's line. */
export interface SettledTransfer {
  seq: number;
  code: TransferCode;
  amount: Fen;
  operationId: string;
  createdAt: Date;
}

/** An account's balance (credits − debits) including transfers the rollup has not applied yet. */
export interface LiveBalance {
  code: number;
  ownerRef: string;
  balanceFen: Fen;
}

/**
 * What settlement and custody read and mark on the ledger. Settlement marks transfers (`settlement_id`) only through
 * here; each transfer can be marked once (`settlement_id IS NULL` in the WHERE clause).
 */
@Injectable()
export class LedgerSettlementRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Merchants with transfers to settle before the cut-off, sorted by id. */
  async unsettledMerchants(cutoff: Date): Promise<string[]> {
    // one index probe per merchant (ix_transfers_unsettled) rather than a scan of every transfer ever written
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT m.id FROM merchants m WHERE EXISTS (
         SELECT 1 FROM ledger_transfers t WHERE t.merchant_id = m.id AND t.settlement_id IS NULL AND t.ledger = ${LEDGERS.CNY}
            AND t.code IN (${SETTLED_CODES}) AND t.created_at < ?)`,
      [sqlTime(cutoff)],
    );
    return rows.map((m) => String(m.id)).sort();
  }

  /** Marks the merchant's unsettled transfers before the cut-off with the statement; returns how many. */
  markForSettlement(em: EntityManager, merchantId: string, cutoff: Date, statementId: number): Promise<number> {
    return execute(
      em,
      `UPDATE ledger_transfers SET settlement_id = ?
        WHERE merchant_id = ? AND settlement_id IS NULL AND ledger = ${LEDGERS.CNY} AND code IN (${SETTLED_CODES}) AND created_at < ?`,
      [statementId, merchantId, sqlTime(cutoff)],
    );
  }

  /** Count and sum of a statement's transfers per transfer code (absent: none of that code). */
  async statementTotals(em: EntityManager, merchantId: string, statementId: number): Promise<Map<TransferCode, { count: number; totalFen: Fen }>> {
    const rows: Array<Record<string, unknown>> = await em.query(
      'SELECT code, COUNT(*) AS n, SUM(amount) AS total FROM ledger_transfers WHERE merchant_id = ? AND settlement_id = ? GROUP BY code',
      [merchantId, statementId],
    );
    return new Map(rows.map((r) => [readInt(r.code) as TransferCode, { count: readInt(r.n), totalFen: readInt(r.total) }]));
  }

  /** A statement's transfers, newest first, strictly before `beforeSeq`. */
  async statementTransfers(merchantId: string, statementId: number, beforeSeq: number | null, limit: number): Promise<SettledTransfer[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT seq, code, amount, operation_id, created_at FROM ledger_transfers
        WHERE merchant_id = ? AND settlement_id = ?${beforeSeq === null ? '' : ' AND seq < ?'} ORDER BY seq DESC LIMIT ?`,
      beforeSeq === null ? [merchantId, statementId, limit] : [merchantId, statementId, beforeSeq, limit],
    );
    return rows.map((r) => ({
      seq: readInt(r.seq),
      code: readInt(r.code) as TransferCode,
      amount: readInt(r.amount),
      operationId: String(r.operation_id),
      createdAt: readTime(r.created_at),
    }));
  }

  /** Balances of every account with one of the codes on a ledger, with unrolled transfers (hot accounts lag). */
  async liveBalancesOfCodes(ledger: number, codes: number[]): Promise<LiveBalance[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.code, a.owner_ref,
              a.credits_posted - a.debits_posted
                + COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.credit_account_id = a.id AND t.credit_rollup_id IS NULL), 0)
                - COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.debit_account_id = a.id AND t.debit_rollup_id IS NULL), 0) AS balance
         FROM ledger_accounts a WHERE a.ledger = ? AND a.code IN (${codes.map(() => '?').join(', ')})`,
      [ledger, ...codes],
    );
    return rows.map((r) => ({ code: readInt(r.code), ownerRef: String(r.owner_ref), balanceFen: readInt(r.balance) }));
  }
}
