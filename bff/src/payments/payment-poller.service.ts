import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { IntervalJob } from '../common/interval-job';
import { AppConfig } from '../config/app-config';
import { execute, TransactionRunner } from '../database/transaction-runner';
import { sqlTime } from '../database/sql-values';
import { ChannelUnavailableError } from './channel.port';
import { PaymentChannels } from './payment-channels';
import { PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
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
 * The schedule lives in the database (next_poll_at), so it survives a restart and is shared by all instances.
 */
@Injectable()
export class PaymentPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentPoller.name);
  private readonly job = new IntervalJob('payment poll', () => this.pollDue(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly topups: TopUpsService,
    private readonly settlement: TopUpSettlement,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.PAYMENT_POLL_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Polls every attempt that is due now; returns how many were looked at. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private async pollDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.dataSource.query(
      "SELECT id FROM payment_attempts WHERE status = 'PENDING' AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?",
      [sqlTime(now), BATCH],
    );
    let handled = 0;
    for (const { id } of due as Array<{ id: string }>) {
      // claim it (the lease) so other instances skip it while this one asks the channel
      const claimed = await this.tx.run((em) =>
        execute(em, "UPDATE payment_attempts SET next_poll_at = ? WHERE id = ? AND status = 'PENDING' AND next_poll_at <= ?", [
          sqlTime(new Date(now.getTime() + LEASE_MS)),
          id,
          sqlTime(now),
        ]),
      );
      if (claimed !== 1) continue;
      const attempt = await this.dataSource.getRepository(PaymentAttemptEntity).findOneByOrFail({ id });
      await this.pollOne(attempt).catch((error: unknown) => this.logger.warn(`poll of ${attempt.outTradeNo} failed: ${(error as Error).message}`));
      handled++;
    }
    return handled;
  }

  private async pollOne(attempt: PaymentAttemptEntity): Promise<void> {
    const order = await this.dataSource.getRepository(TopUpOrderEntity).findOneByOrFail({ id: attempt.orderId });
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
    await this.tx.run((em) =>
      execute(em, "UPDATE payment_attempts SET poll_count = poll_count + 1, next_poll_at = ? WHERE id = ? AND status = 'PENDING'", [
        sqlTime(new Date(Math.min(this.clock.now().getTime() + delay, Math.max(order.expiresAt.getTime(), this.clock.now().getTime() + 1000)))),
        attempt.id,
      ]),
    );
  }
}
