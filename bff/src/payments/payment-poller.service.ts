import { Injectable, Optional } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases } from '../jobs/leases';
import { ChannelUnavailableError } from './channel.port';
import { PaymentChannels } from './payment-channels';
import type { PaymentAttemptEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { TopUpSettlement } from './topup-settlement.service';
import { TopUpsService } from './topups.service';

/** Seconds before the next query of a pending attempt, by how many times it was asked already. */
const BACKOFF_SECONDS = [5, 10, 15, 30, 60, 120, 300];
const BATCH = 50;
/** How long a claimed attempt is left to one poller before another may take it (a crashed instance). */
const LEASE_MS = 30_000;

/**
 * Finds payments whose notification never came: every pending attempt is queried on a backoff schedule, and an
 * expired one is closed at the channel first — which may answer "paid after all", then the card is credited.
 * The schedule lives in the database (next_poll_at), so it survives a restart and is shared by all instances; one
 * instance polls at a time (the lease). Its money writes are the top-up's guarded state transitions, so a stale
 * poller can at worst ask the channel once more.
 */
@Injectable()
export class PaymentPoller extends LeasedJobProvider {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly topups: TopUpsService,
    private readonly settlement: TopUpSettlement,
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('payment-poll', tx, leases, () => config.PAYMENT_POLL_INTERVAL_MS);
  }

  protected async work(): Promise<number> {
    const now = this.clock.now();
    let handled = 0;
    for (const id of await this.payments.duePollIds(now, BATCH)) {
      // claim it (the lease) so other instances skip it while this one asks the channel
      const claimed = await this.tx.run((em) => this.payments.claimPoll(em, id, now, new Date(now.getTime() + LEASE_MS)));
      if (!claimed) continue;
      const attempt = await this.payments.findAttempt(id);
      if (!attempt) throw new Error(`attempt ${id} is missing`);
      await this.pollOne(attempt).catch((error: unknown) => this.logger.warn(`poll of ${attempt.outTradeNo} failed: ${(error as Error).message}`));
      handled++;
    }
    return handled;
  }

  private async pollOne(attempt: PaymentAttemptEntity): Promise<void> {
    const order = await this.payments.findOrder(attempt.orderId);
    try {
      if (order.expiresAt <= this.clock.now()) {
        // close at the channel first: only a closed order can no longer be paid, and it may have been paid already
        const state = await this.channels.get(attempt.channel).close(attempt.outTradeNo);
        if (state.kind === 'PAID') await this.settlement.settle(attempt, state);
        else await this.settlement.close(attempt);
        return;
      }
      await this.topups.refresh(attempt);
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      this.logger.warn(`${attempt.channel} unavailable while polling ${attempt.outTradeNo}; will ask again`);
    }
    const delay = BACKOFF_SECONDS[Math.min(attempt.pollCount, BACKOFF_SECONDS.length - 1)]! * 1000;
    // never past the order's expiry (then it is closed), but at least a second away
    const next = new Date(Math.min(this.clock.now().getTime() + delay, Math.max(order.expiresAt.getTime(), this.clock.now().getTime() + 1000)));
    await this.tx.run((em) => this.payments.schedulePoll(em, attempt.id, next));
  }
}
