import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { readText, rowReader } from '../database/row-mapping';
import { insertSql, placeholders, readInt, readTextOrNull, readTime, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import { ACCOUNT_FLAGS, type LedgerId, type TransferCode } from './ledger.constants';
import type { AccountRow, TransferRecord } from './ledger.types';

export interface OperationRow {
  id: string;
  requestHash: string;
  kind: string;
  status: 'POSTED' | 'REJECTED';
  rejectCode: string | null;
}

/** A transfer as written: the record before the database numbers it (seq). */
export interface NewTransfer extends Omit<TransferRecord, 'seq'> {
  /** Whether each side is applied now (cold account) or left for the rollup (hot account). */
  debitApplied: boolean;
  creditApplied: boolean;
}

/** A change to one cold account: the amounts added to its posted columns and the guards on the result. */
export interface AccountDelta {
  accountId: number;
  debit: Fen;
  credit: Fen;
  mustNotGoNegative: boolean;
  ceiling: Fen | null;
}

/**
 * An account's available balance as SQL: credits − debits − pending debits. The one place this expression is
 * written; other contexts' read models join `ledger_accounts` through it (`balanceSql('p')` → `p.credits_posted …`).
 */
export function balanceSql(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `(${a}credits_posted - ${a}debits_posted - ${a}debits_pending)`;
}

const OPERATION_INSERT_COLUMNS = ['id', 'request_hash', 'kind', 'status', 'reject_code', 'created_at'];
const TRANSFER_INSERT_COLUMNS = [
  'id', 'operation_id', 'debit_account_id', 'credit_account_id', 'amount', 'ledger', 'code', 'merchant_id',
  'debit_rollup_id', 'credit_rollup_id', 'created_at',
];

export const TRANSFER_COLUMNS =
  'seq, id, operation_id, debit_account_id, credit_account_id, amount, ledger, code, merchant_id, created_at';

/** The ledger's SQL. Plain statements that mean the same on MariaDB and SQLite; money is never read-modify-written. */
@Injectable()
export class LedgerRepository {
  // optional so the ledger can be built by hand (test factories, benches), which always pass `em`
  constructor(private readonly dataSource?: DataSource) {}

  async insertAccount(
    em: EntityManager,
    account: { ledger: LedgerId; code: number; ownerRef: string; flags: number; createdAt: Date },
  ): Promise<void> {
    await em.query(
      'INSERT INTO ledger_accounts (ledger, code, owner_ref, flags, debits_posted, credits_posted, debits_pending, credits_pending, version, created_at) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?)',
      [account.ledger, account.code, account.ownerRef, account.flags, sqlTime(account.createdAt)],
    );
  }

  async findAccountByOwner(em: EntityManager, ledger: LedgerId, code: number, ownerRef: string): Promise<AccountRow | null> {
    const rows: unknown[] = await em.query(
      'SELECT * FROM ledger_accounts WHERE ledger = ? AND code = ? AND owner_ref = ?',
      [ledger, code, ownerRef],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** `forUpdate` (MySQL only) locks the rows until the transaction ends, taken in ascending id order. */
  async findAccounts(em: EntityManager, ids: number[], forUpdate = false): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    const lock = forUpdate ? ' ORDER BY id FOR UPDATE' : '';
    const rows: unknown[] = await em.query(`SELECT * FROM ledger_accounts WHERE id IN (${placeholders(ids.length)})${lock}`, ids);
    return rows.map(toAccount);
  }

  async insertOperation(em: EntityManager, op: OperationRow & { createdAt: Date }): Promise<void> {
    const { sql, parameters } = this.operationsInsert([op]);
    await em.query(sql, parameters);
  }

  /** Several operations in one statement (a micro-batch); a repeated id fails the whole statement. */
  operationsInsert(ops: Array<OperationRow & { createdAt: Date }>): Statement {
    const parameters: unknown[] = [];
    for (const op of ops) parameters.push(op.id, op.requestHash, op.kind, op.status, op.rejectCode, sqlTime(op.createdAt));
    return { sql: insertSql('ledger_operations', OPERATION_INSERT_COLUMNS, ops.length), parameters };
  }

  /**
   * Deltas to several cold accounts in ONE statement, each with its own guards (the same conditions as applyDelta,
   * selected per row). Unless it changes every account (expectedRows), the caller must roll back.
   */
  deltasUpdate(deltas: AccountDelta[]): Statement {
    const params: unknown[] = [];
    const caseOf = (value: (d: AccountDelta) => number) => {
      const whens = deltas.map((d) => {
        params.push(d.accountId, value(d));
        return 'WHEN ? THEN ?';
      });
      return `CASE id ${whens.join(' ')} ELSE 0 END`;
    };
    const debit = caseOf((d) => d.debit);
    const credit = caseOf((d) => d.credit);
    const ids = deltas.map((d) => d.accountId);
    params.push(...ids);
    const guardWhens = deltas.map((d) => {
      const guards: string[] = [];
      const guardParams: unknown[] = [];
      if (d.mustNotGoNegative) {
        guards.push('debits_posted + debits_pending + ? <= credits_posted + ?');
        guardParams.push(d.debit, d.credit);
      }
      if (d.ceiling !== null) {
        guards.push('credits_posted + ? <= debits_posted + ? + ?');
        guardParams.push(d.credit, d.debit, d.ceiling);
      }
      params.push(d.accountId, ...guardParams);
      return `WHEN ? THEN ${guards.length ? guards.join(' AND ') : '1 = 1'}`;
    });
    const sql = `UPDATE ledger_accounts SET debits_posted = debits_posted + ${debit}, credits_posted = credits_posted + ${credit}, version = version + 1
      WHERE id IN (${placeholders(ids.length)}) AND (CASE id ${guardWhens.join(' ')} ELSE 1 = 0 END)`;
    return { sql, parameters: params, expectedRows: deltas.length };
  }

  async findOperation(em: EntityManager, id: string): Promise<OperationRow | null> {
    const rows: Array<Record<string, unknown>> = await em.query('SELECT * FROM ledger_operations WHERE id = ?', [id]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      requestHash: String(row.request_hash),
      kind: String(row.kind),
      status: row.status === 'REJECTED' ? 'REJECTED' : 'POSTED',
      rejectCode: readTextOrNull(row.reject_code),
    };
  }

  async insertTransfers(em: EntityManager, transfers: NewTransfer[]): Promise<void> {
    const { sql, parameters } = this.transfersInsert(transfers);
    await em.query(sql, parameters);
  }

  transfersInsert(transfers: NewTransfer[]): Statement {
    const parameters: unknown[] = [];
    for (const t of transfers) {
      parameters.push(
        t.id, t.operationId, t.debitAccountId, t.creditAccountId, t.amount, t.ledger, t.code, t.merchantId,
        // 0 = applied synchronously to a cold account; NULL = waiting for the rollup of a hot account
        t.debitApplied ? 0 : null, t.creditApplied ? 0 : null, sqlTime(t.createdAt),
      );
    }
    return { sql: insertSql('ledger_transfers', TRANSFER_INSERT_COLUMNS, transfers.length), parameters };
  }

  /**
   * Applies a delta to one cold account with its guards in the WHERE clause, so the check and the write are one
   * atomic statement. Returns false (nothing changed) when a guard fails.
   */
  async applyDelta(em: EntityManager, delta: AccountDelta): Promise<boolean> {
    const { sql, parameters } = this.deltasUpdate([delta]);
    return (await execute(em, sql, parameters)) === 1;
  }

  async findTransfersByOperation(em: EntityManager, operationId: string): Promise<TransferRecord[]> {
    const rows: unknown[] = await em.query(
      `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE operation_id = ? ORDER BY seq`,
      [operationId],
    );
    return rows.map(toTransfer);
  }

  /** Transfers touching any of the accounts, newest first, strictly before `beforeSeq` when given. */
  async findTransfersOfAccounts(
    em: EntityManager,
    accountIds: number[],
    beforeSeq: number | null,
    limit: number,
  ): Promise<TransferRecord[]> {
    const list = placeholders(accountIds.length);
    const cursor = beforeSeq === null ? '' : ' AND seq < ?';
    const cursorParams = beforeSeq === null ? [] : [beforeSeq];
    // a UNION of two index range scans rather than an OR across two columns
    const rows: unknown[] = await em.query(
      `SELECT ${TRANSFER_COLUMNS} FROM (
         SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE debit_account_id IN (${list})${cursor}
         UNION
         SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE credit_account_id IN (${list})${cursor}
       ) t ORDER BY seq DESC LIMIT ?`,
      [...accountIds, ...cursorParams, ...accountIds, ...cursorParams, limit],
    );
    return rows.map(toTransfer);
  }

  /**
   * Available balances by account id (others read card balances through this, never `ledger_accounts`). `lock`
   * (MySQL only) takes the rows FOR UPDATE in ascending id order; an unknown id is absent from the map.
   */
  async balances(em: EntityManager | null, accountIds: number[], lock = false): Promise<Map<number, Fen>> {
    if (accountIds.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.manager(em).query(
      `SELECT id, ${balanceSql()} AS balance FROM ledger_accounts WHERE id IN (${placeholders(accountIds.length)}) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
      accountIds,
    );
    return new Map(rows.map((r) => [readInt(r.id), readInt(r.balance)]));
  }

  /** Current balance (credits − debits, posted) including transfers not yet rolled up into a hot account. */
  async liveBalance(em: EntityManager, accountId: number): Promise<Fen> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT ${balanceSql('a')} AS stored,
         (SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE credit_account_id = a.id AND credit_rollup_id IS NULL) AS unrolled_credits,
         (SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE debit_account_id = a.id AND debit_rollup_id IS NULL) AS unrolled_debits
       FROM ledger_accounts a WHERE a.id = ?`,
      [accountId],
    );
    const row = rows[0];
    if (!row) return 0;
    return readInt(row.stored) + readInt(row.unrolled_credits) - readInt(row.unrolled_debits);
  }

  /** What was credited to the account at or after `since` (points expiry counts the points still valid with it). */
  async creditedSince(em: EntityManager | null, accountId: number, since: Date): Promise<number> {
    const rows: Array<Record<string, unknown>> = await this.manager(em).query(
      'SELECT COALESCE(SUM(amount), 0) AS credited FROM ledger_transfers WHERE credit_account_id = ? AND created_at >= ?',
      [accountId, sqlTime(since)],
    );
    return readInt(rows[0]?.credited);
  }

  private manager(em: EntityManager | null): EntityManager {
    if (em) return em;
    if (!this.dataSource) throw new Error('LedgerRepository built without a DataSource needs an EntityManager');
    return this.dataSource.manager;
  }
}

export function isHot(flags: number): boolean {
  return (flags & ACCOUNT_FLAGS.HOT) !== 0;
}

const readLedger = (value: unknown) => readInt(value) as LedgerId;

const toAccount = rowReader<AccountRow>({
  id: readInt, ledger: readLedger, code: readInt, ownerRef: readText, flags: readInt,
  debitsPosted: readInt, creditsPosted: readInt, debitsPending: readInt, creditsPending: readInt,
});

export const toTransfer = rowReader<TransferRecord>({
  seq: readInt, id: readText, operationId: readText, debitAccountId: readInt, creditAccountId: readInt, amount: readInt,
  ledger: readLedger, code: (value) => readInt(value) as TransferCode, merchantId: readTextOrNull, createdAt: readTime,
});
