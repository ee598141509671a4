import { Injectable, Optional } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, type Fence } from '../jobs/leases';
import { reminderHorizon } from './card-expiry';
import { CardExpiryRepository } from './card-expiry.repository';
import { CardsService } from './cards.service';

const BATCH = 500;

/**
 * Daily, under the `card-expiry-reminders` lease: every active card entering its reminder window (30 days before
 * expiry by default) gets one reminder stored for its card page, once per card and validity period (unique on the
 * card and the expiry it announces, so a second instance or a rerun adds nothing). Returns how many it stored.
 */
@Injectable()
export class CardExpiryReminderJob extends LeasedJobProvider {
  constructor(
    tx: TransactionRunner,
    private readonly expiries: CardExpiryRepository,
    private readonly cards: CardsService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('card-expiry-reminders', tx, leases, () => config.CARD_EXPIRY_REMINDER_INTERVAL_MS);
  }

  protected async work(fence: Fence): Promise<number> {
    const now = this.clock.now();
    const until = reminderHorizon(now, this.cards.expiryRules);
    let stored = 0;
    for (;;) {
      const due = await this.expiries.dueForReminder(now, until, BATCH);
      if (due.length > 0) await fence.run((em) => this.expiries.insertReminders(em, due.map((d) => ({ ...d, id: this.ids.uuid() })), now));
      stored += due.length;
      if (due.length < BATCH) return stored;
    }
  }
}
