import { Injectable } from '@nestjs/common';
import type { Fen, QuarterlyFigures } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { readInt, sqlTime } from '../database/sql-values';
import { TRANSFER_CODES } from '../ledger/ledger.constants';
import { balanceSql } from '../ledger/ledger.repository';

/** One merchant's card principal in a quarter, from the ledger (the report's row, less the merchant's name). */
export interface QuarterPrincipal extends QuarterlyFigures {
  merchantId: string;
}

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

  /**
   * Each merchant's card principal in [from, to): what was topped up, redeemed (less reversals) and refunded (less
   * refunds that failed back onto the card), and what the cards held at `from` and at `to` — every movement before
   * `to`, read from each card's principal account through the transfer indexes. Cards issued count new cards, not
   * replacements (补卡 and 换新卡 carry an old card's money on).
   */
  async quarterByMerchant(from: Date, to: Date): Promise<QuarterPrincipal[]> {
    const [start, end] = [sqlTime(from), sqlTime(to)];
    const moves: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT x.merchant_id,
              SUM(CASE WHEN x.created_at < ? THEN x.signed ELSE 0 END) AS opening,
              SUM(x.signed) AS closing,
              SUM(CASE WHEN x.created_at >= ? AND x.code = ${TRANSFER_CODES.TOPUP} THEN x.signed ELSE 0 END) AS topped_up,
              SUM(CASE WHEN x.created_at >= ? AND x.code IN (${TRANSFER_CODES.REDEMPTION}, ${TRANSFER_CODES.REVERSAL}) THEN -x.signed ELSE 0 END) AS redeemed,
              SUM(CASE WHEN x.created_at >= ? AND x.code = ${TRANSFER_CODES.REFUND} THEN -x.signed ELSE 0 END) AS refunded
         FROM (
           SELECT c.merchant_id, t.amount AS signed, t.code, t.created_at
             FROM cards c JOIN ledger_transfers t ON t.credit_account_id = c.principal_account_id WHERE t.created_at < ?
           UNION ALL
           SELECT c.merchant_id, -t.amount AS signed, t.code, t.created_at
             FROM cards c JOIN ledger_transfers t ON t.debit_account_id = c.principal_account_id WHERE t.created_at < ?
         ) x GROUP BY x.merchant_id`,
      [start, start, start, start, end, end],
    );
    const issued: Array<Record<string, unknown>> = await this.dataSource.query(
      'SELECT merchant_id, COUNT(*) AS n FROM cards WHERE created_at >= ? AND created_at < ? AND replaces_card_id IS NULL GROUP BY merchant_id',
      [start, end],
    );
    const issuedOf = new Map(issued.map((r) => [String(r.merchant_id), readInt(r.n)]));
    const rows = new Map<string, QuarterPrincipal>();
    const row = (merchantId: string): QuarterPrincipal => {
      let found = rows.get(merchantId);
      if (!found) {
        found = { merchantId, cardsIssued: issuedOf.get(merchantId) ?? 0, toppedUpFen: 0, redeemedFen: 0, refundedFen: 0, openingFen: 0, closingFen: 0 };
        rows.set(merchantId, found);
      }
      return found;
    };
    for (const r of moves) {
      Object.assign(row(String(r.merchant_id)), {
        toppedUpFen: readInt(r.topped_up),
        redeemedFen: readInt(r.redeemed),
        refundedFen: readInt(r.refunded),
        openingFen: readInt(r.opening),
        closingFen: readInt(r.closing),
      });
    }
    for (const merchantId of issuedOf.keys()) row(merchantId);
    return [...rows.values()];
  }
}
