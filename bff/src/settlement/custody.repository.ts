import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { readInt } from '../database/sql-values';
import { balanceSql } from '../ledger/ledger.repository';

/** The custody report's read across cards and the ledger (a read only; both tables belong to other contexts). */
@Injectable()
export class CustodyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Card principal owed per merchant. Card accounts are cold (always applied), so the stored balance is the whole of it. */
  async cardPrincipalByMerchant(): Promise<Map<string, Fen>> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.merchant_id, SUM(${balanceSql('a')}) AS principal
         FROM cards c JOIN ledger_accounts a ON a.id = c.principal_account_id GROUP BY c.merchant_id`,
    );
    return new Map(rows.map((r) => [String(r.merchant_id), readInt(r.principal)]));
  }
}
