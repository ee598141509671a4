import { Injectable } from '@nestjs/common';
import type { CustodyReport } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { readInt } from '../database/sql-values';
import { ACCOUNT_CODES, LEDGERS } from '../ledger/ledger.constants';

/**
 * Custody coverage from the ledger: what the platform holds (the reserve, plus money the channels collected and have
 * not yet settled to it) against what it owes (card principal, merchants' unsettled payables and payouts under way,
 * refunds with the channels). Balances include transfers the rollup has not applied yet.
 */
@Injectable()
export class CustodyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<CustodyReport> {
    // credits − debits per account (a liability's balance; an asset's is its negative), with unrolled transfers
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.code, a.owner_ref,
              a.credits_posted - a.debits_posted
                + COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.credit_account_id = a.id AND t.credit_rollup_id IS NULL), 0)
                - COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.debit_account_id = a.id AND t.debit_rollup_id IS NULL), 0) AS balance
         FROM ledger_accounts a WHERE a.ledger = ? AND a.code IN (?, ?, ?, ?, ?)`,
      [LEDGERS.CNY, ACCOUNT_CODES.RESERVE, ACCOUNT_CODES.TOPUP_CLEARING, ACCOUNT_CODES.MERCHANT_PAYABLE, ACCOUNT_CODES.PAYOUT_CLEARING, ACCOUNT_CODES.REFUND_CLEARING],
    );
    const total = (code: number) => rows.filter((r) => readInt(r.code) === code).reduce((sum, r) => sum + readInt(r.balance), 0);
    // card principal accounts are cold (always applied), summed per merchant through the cards table
    const cards: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.merchant_id, SUM(a.credits_posted - a.debits_posted - a.debits_pending) AS principal
         FROM cards c JOIN ledger_accounts a ON a.id = c.principal_account_id GROUP BY c.merchant_id`,
    );
    const merchants: Array<Record<string, unknown>> = await this.dataSource.query('SELECT id, display_name FROM merchants ORDER BY created_at');

    const reserveFen = -total(ACCOUNT_CODES.RESERVE);
    const inTransitFen = -total(ACCOUNT_CODES.TOPUP_CLEARING);
    const cardLiabilitiesFen = cards.reduce((sum, r) => sum + readInt(r.principal), 0);
    const unsettledPayablesFen = total(ACCOUNT_CODES.MERCHANT_PAYABLE) + total(ACCOUNT_CODES.PAYOUT_CLEARING);
    const refundsInFlightFen = total(ACCOUNT_CODES.REFUND_CLEARING);
    const surplusFen = reserveFen + inTransitFen - cardLiabilitiesFen - unsettledPayablesFen - refundsInFlightFen;

    const payableOf = new Map(rows.filter((r) => readInt(r.code) === ACCOUNT_CODES.MERCHANT_PAYABLE).map((r) => [String(r.owner_ref), readInt(r.balance)]));
    const principalOf = new Map(cards.map((r) => [String(r.merchant_id), readInt(r.principal)]));
    return {
      checkedAt: this.clock.now().toISOString(),
      reserveFen,
      inTransitFen,
      cardLiabilitiesFen,
      unsettledPayablesFen,
      refundsInFlightFen,
      surplusFen,
      covered: surplusFen >= 0,
      perMerchant: merchants
        .map((m) => ({
          merchantId: String(m.id),
          merchantName: String(m.display_name),
          cardLiabilitiesFen: principalOf.get(String(m.id)) ?? 0,
          unsettledPayablesFen: payableOf.get(String(m.id)) ?? 0,
        }))
        .filter((m) => m.cardLiabilitiesFen !== 0 || m.unsettledPayablesFen !== 0),
    };
  }
}
