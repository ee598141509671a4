import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { placeholders, readInt } from '../database/sql-values';
import { TRANSFER_COLUMNS, toTransfer } from './ledger.repository';
import type { TransferRecord } from './ledger.types';

/** An operation as a history line: its id and the last transfer it wrote (the cursor of the page). */
export interface OperationMark {
  operationId: string;
  lastSeq: number;
}

/** Reads of a few accounts' past by operation (a consumer's history of one card). Row mappers at the bottom. */
@Injectable()
export class LedgerHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The operations touching any of the accounts, newest first, whose last transfer is before `beforeSeq`.
   * HAVING rather than a filter on seq: an operation split by the cursor must not come back with its older half.
   */
  async operationsOfAccounts(accountIds: number[], beforeSeq: number | null, limit: number): Promise<OperationMark[]> {
    const list = placeholders(accountIds.length);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT operation_id, MAX(seq) AS last_seq FROM (
         SELECT operation_id, seq FROM ledger_transfers WHERE debit_account_id IN (${list})
         UNION ALL
         SELECT operation_id, seq FROM ledger_transfers WHERE credit_account_id IN (${list})
       ) t GROUP BY operation_id${beforeSeq === null ? '' : ' HAVING MAX(seq) < ?'} ORDER BY last_seq DESC LIMIT ?`,
      [...accountIds, ...accountIds, ...(beforeSeq === null ? [] : [beforeSeq]), limit],
    );
    return rows.map(toMark);
  }

  /** Every transfer of the operations, oldest first. */
  async transfersOfOperations(operationIds: string[]): Promise<TransferRecord[]> {
    if (operationIds.length === 0) return [];
    const rows: unknown[] = await this.dataSource.query(
      `SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE operation_id IN (${placeholders(operationIds.length)}) ORDER BY seq`,
      operationIds,
    );
    return rows.map(toTransfer);
  }

  /** Each account's posted balance as it stood right after transfer `seq` (credits − debits up to it). */
  async balancesAt(accountIds: number[], seq: number): Promise<Map<number, number>> {
    const list = placeholders(accountIds.length);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT account_id, SUM(delta) AS balance FROM (
         SELECT credit_account_id AS account_id, amount AS delta FROM ledger_transfers WHERE credit_account_id IN (${list}) AND seq <= ?
         UNION ALL
         SELECT debit_account_id AS account_id, -amount AS delta FROM ledger_transfers WHERE debit_account_id IN (${list}) AND seq <= ?
       ) t GROUP BY account_id`,
      [...accountIds, seq, ...accountIds, seq],
    );
    return new Map(rows.map((r) => [readInt(r.account_id), readInt(r.balance)]));
  }
}

function toMark(r: Record<string, unknown>): OperationMark {
  return { operationId: String(r.operation_id), lastSeq: readInt(r.last_seq) };
}
