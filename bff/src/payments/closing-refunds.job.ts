import { Injectable, Optional } from '@nestjs/common';
import { businessDayOf, type CardStatus } from '@jucard/shared';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases } from '../jobs/leases';
import { LedgerRepository } from '../ledger/ledger.repository';
import { MerchantClosingsRepository } from '../merchants/merchant-closings.repository';
import { BalanceRefundsService } from './balance-refunds.service';

const PAGE = 200;

/** Refusals that leave a card for an operator, not for the next run: nothing to refund, or no channel to refund to. */
const LEFT_FOR_AN_OPERATOR = new Set(['NOTHING_TO_REFUND', 'REFUND_NOT_POSSIBLE']);

/** Active cards, and cards their holders reported lost (the money goes back to its payments, not to a finder); a card frozen by an operator stays for the operator. */
const REFUNDED_ON_CLOSING: CardStatus[] = ['ACTIVE', 'LOST'];

/**
 * The free refund of a closed merchant's cards (docs/compliance.md §10), under the `closing-refunds` lease: once a
 * standing closing notice's day has come, every active or lost card of that merchant with principal left is given back as
 * its holder's 退卡 would be (BalanceRefundsService: gifts counted pro rata, each part to its original channel), under
 * the key `closing:<card>`, so a rerun or a second instance refunds no card twice. Returns how many it refunded.
 */
@Injectable()
export class ClosingRefundsJob extends LeasedJobProvider {
  constructor(
    tx: TransactionRunner,
    private readonly closings: MerchantClosingsRepository,
    private readonly cards: CardsRepository,
    private readonly ledger: LedgerRepository,
    private readonly refunds: BalanceRefundsService,
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('closing-refunds', tx, leases, () => config.CLOSING_REFUND_INTERVAL_MS);
  }

  /** Each refund runs its own transactions (the channel calls sit between them), so the fence is not needed here. */
  protected async work(): Promise<number> {
    let refunded = 0;
    for (const closing of await this.closings.dueBy(businessDayOf(this.clock.now()))) {
      let after = '';
      for (;;) {
        const page = await this.cards.ofMerchantIn(closing.merchantId, REFUNDED_ON_CLOSING, after, PAGE);
        if (page.length === 0) break;
        after = page.at(-1)!.id;
        const balances = await this.ledger.balances(null, page.map((c) => c.principalAccountId));
        for (const card of page) {
          if ((balances.get(card.principalAccountId) ?? 0) <= 0) continue;
          try {
            const refund = await this.refunds.requestOnClosing({ kind: 'consumer', consumerId: card.consumerId }, card.id, `closing:${card.id}`);
            refunded++;
            this.logger.log(`closing of merchant ${closing.merchantId} (${closing.closingDate}): card ${card.cardNo} refunded ${refund.principalFen} fen (${refund.status})`);
          } catch (error) {
            if (!(error instanceof DomainError) || !LEFT_FOR_AN_OPERATOR.has(error.code)) throw error;
            this.logger.warn(`closing of merchant ${closing.merchantId}: card ${card.cardNo} not refunded (${error.code}); an operator has to settle it`);
          }
        }
      }
    }
    return refunded;
  }
}
