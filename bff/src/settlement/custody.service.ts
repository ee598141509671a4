import { Injectable } from '@nestjs/common';
import { quarterDays, quarterRange, type CustodyReport, type QuarterlyFigures, type QuarterlyReportView } from '@jucard/shared';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { ACCOUNT_CODES, LEDGERS } from '../ledger/ledger.constants';
import { LedgerSettlementRepository } from '../ledger/ledger-settlement.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { CustodyRepository } from './custody.repository';
import { PayoutsRepository } from './payouts.repository';

/**
 * Custody coverage from the ledger: what the platform holds (the reserve, plus money the channels collected and have
 * not yet settled to it) against what it owes (card principal, merchants' unsettled payables and payouts under way,
 * refunds with the channels). Balances include transfers the rollup has not applied yet. It also says what the reserve can
 * pay out now and which payouts wait for the channels' money (PayoutsService holds them); and the quarterly report of
 * each merchant's card principal.
 */
@Injectable()
export class CustodyService {
  constructor(
    private readonly repository: CustodyRepository,
    private readonly ledger: LedgerSettlementRepository,
    private readonly merchants: MerchantsRepository,
    private readonly payouts: PayoutsRepository,
    private readonly clock: Clock,
  ) {}

  async report(): Promise<CustodyReport> {
    // credits − debits per account (a liability's balance; an asset's is its negative), with unrolled transfers
    const balances = await this.ledger.liveBalancesOfCodes(LEDGERS.CNY, [
      ACCOUNT_CODES.RESERVE,
      ACCOUNT_CODES.TOPUP_CLEARING,
      ACCOUNT_CODES.MERCHANT_PAYABLE,
      ACCOUNT_CODES.PAYOUT_CLEARING,
      ACCOUNT_CODES.REFUND_CLEARING,
    ]);
    const total = (code: number) => balances.filter((b) => b.code === code).reduce((sum, b) => sum + b.balanceFen, 0);
    const principalOf = await this.repository.cardPrincipalByMerchant();
    const merchants = await this.merchants.displayNames();
    const nameOf = new Map(merchants.map((m) => [m.id, m.displayName]));
    const held = await this.payouts.held();
    const committedFen = await this.payouts.committedFen();

    const reserveFen = -total(ACCOUNT_CODES.RESERVE);
    const inTransitFen = -total(ACCOUNT_CODES.TOPUP_CLEARING);
    const cardLiabilitiesFen = [...principalOf.values()].reduce((sum, fen) => sum + fen, 0);
    const unsettledPayablesFen = total(ACCOUNT_CODES.MERCHANT_PAYABLE) + total(ACCOUNT_CODES.PAYOUT_CLEARING);
    const refundsInFlightFen = total(ACCOUNT_CODES.REFUND_CLEARING);
    const surplusFen = reserveFen + inTransitFen - cardLiabilitiesFen - unsettledPayablesFen - refundsInFlightFen;

    const payableOf = new Map(balances.filter((b) => b.code === ACCOUNT_CODES.MERCHANT_PAYABLE).map((b) => [b.ownerRef, b.balanceFen]));
    return {
      checkedAt: this.clock.now().toISOString(),
      reserveFen,
      inTransitFen,
      cardLiabilitiesFen,
      unsettledPayablesFen,
      refundsInFlightFen,
      surplusFen,
      covered: surplusFen >= 0 && reserveFen >= 0,
      reserveAvailableFen: reserveFen - committedFen,
      heldPayouts: held.map((h) => ({ ...h, merchantName: nameOf.get(h.merchantId) ?? h.merchantId, heldSince: h.heldSince.toISOString() })),
      perMerchant: merchants
        .map((m) => ({
          merchantId: m.id,
          merchantName: m.displayName,
          cardLiabilitiesFen: principalOf.get(m.id) ?? 0,
          unsettledPayablesFen: payableOf.get(m.id) ?? 0,
        }))
        .filter((m) => m.cardLiabilitiesFen !== 0 || m.unsettledPayablesFen !== 0),
    };
  }

  /** The quarterly report (QuarterlyReportView): each merchant with business in the quarter or money outstanding, by name. */
  async quarterly(quarter: string): Promise<QuarterlyReportView> {
    const range = quarterRange(quarter);
    if (!range) throw new DomainError('VALIDATION_FAILED', 'quarter', { quarter: ['must be a quarter such as 2026Q4'] });
    const [from, to] = quarterDays(quarter);
    const [figures, merchants] = await Promise.all([this.repository.quarterByMerchant(range[0], range[1]), this.merchants.displayNames()]);
    const nameOf = new Map(merchants.map((m) => [m.id, m.displayName]));
    const rows = figures
      .filter((f) => FIGURES.some((key) => f[key] !== 0))
      .map((f) => ({ ...f, merchantName: nameOf.get(f.merchantId) ?? f.merchantId }))
      .sort((a, b) => a.merchantName.localeCompare(b.merchantName, 'zh-Hans-CN') || a.merchantId.localeCompare(b.merchantId));
    const totals: QuarterlyFigures = { cardsIssued: 0, toppedUpFen: 0, redeemedFen: 0, refundedFen: 0, openingFen: 0, closingFen: 0 };
    for (const row of rows) for (const key of FIGURES) totals[key] += row[key];
    return { quarter, from, to, rows, totals };
  }
}

const FIGURES = ['cardsIssued', 'toppedUpFen', 'redeemedFen', 'refundedFen', 'openingFen', 'closingFen'] as const satisfies ReadonlyArray<keyof QuarterlyFigures>;
