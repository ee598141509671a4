import { Injectable } from '@nestjs/common';
import type { CustodyReport } from '@jucard/shared';
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
 * pay out now and which payouts wait for the channels' money (PayoutsService holds them).
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
}
