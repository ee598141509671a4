import { Injectable } from '@nestjs/common';
import { ACCOUNT_CODES, ACCOUNT_FLAGS, LEDGERS } from './ledger.constants';
import { LedgerService } from './ledger.service';

export interface MerchantAccounts {
  payable: number;
  bonusPool: number;
  pointsPool: number;
}

/** Ids of the shared (hot) accounts, opened on first use and cached: accounts are never deleted. */
@Injectable()
export class PlatformAccounts {
  private readonly cache = new Map<string, Promise<number>>();

  constructor(private readonly ledger: LedgerService) {}

  topUpClearing(channel: string): Promise<number> {
    return this.hot('CNY', 'TOPUP_CLEARING', channel);
  }

  /** Money owed back to consumers while their refunds are with the channels. */
  refundClearing(): Promise<number> {
    return this.hot('CNY', 'REFUND_CLEARING', 'PLATFORM');
  }

  /** The custody (reserve) account: money the channels have settled to the platform, less payouts. */
  reserve(): Promise<number> {
    return this.hot('CNY', 'RESERVE', 'PLATFORM');
  }

  feeRevenue(): Promise<number> {
    return this.hot('CNY', 'FEE_REVENUE', 'PLATFORM');
  }

  /** Settled to merchants, on its way to their bank accounts. */
  payoutClearing(): Promise<number> {
    return this.hot('CNY', 'PAYOUT_CLEARING', 'PLATFORM');
  }

  merchantPayable(merchantId: string): Promise<number> {
    return this.hot('CNY', 'MERCHANT_PAYABLE', merchantId);
  }

  merchantBonusPool(merchantId: string): Promise<number> {
    return this.hot('BONUS', 'MERCHANT_BONUS_POOL', merchantId);
  }

  merchantPointsPool(merchantId: string): Promise<number> {
    return this.hot('POINTS', 'MERCHANT_POINTS_POOL', merchantId);
  }

  /**
   * A merchant's three hot accounts at once. Use cases resolve them BEFORE opening their transaction: a first use
   * opens the account on another pool connection, which inside a transaction could wait on the pool forever.
   */
  async merchantAccounts(merchantId: string): Promise<MerchantAccounts> {
    return {
      payable: await this.merchantPayable(merchantId),
      bonusPool: await this.merchantBonusPool(merchantId),
      pointsPool: await this.merchantPointsPool(merchantId),
    };
  }

  private hot(ledger: keyof typeof LEDGERS, code: keyof typeof ACCOUNT_CODES, ownerRef: string): Promise<number> {
    const key = `${ledger}:${code}:${ownerRef}`;
    let id = this.cache.get(key);
    if (!id) {
      id = this.ledger.ensureAccount({ ledger: LEDGERS[ledger], code: ACCOUNT_CODES[code], ownerRef, flags: ACCOUNT_FLAGS.HOT });
      id.catch(() => this.cache.delete(key));
      this.cache.set(key, id);
    }
    return id;
  }
}
