import { Transform } from 'class-transformer';
import { IsIn, IsNumber, Matches, Max, Min } from 'class-validator';
import { PaymentsConfig } from './payments.config';
import { Int } from './setting-decorators';

/** The ledger's rollup, the nightly close, payouts, fees, and the leases background jobs run under. */
export class SettlementConfig extends PaymentsConfig {
  /** How often hot ledger accounts are rolled up; 0 turns the background job off. */
  @Int(0)
  LEDGER_ROLLUP_INTERVAL_MS = 500;

  /**
   * Benchmark baseline only: apply hot accounts (merchant payable, pools) inside each request like a naive ledger
   * would. Correct but slow (every redemption of a merchant queues on one row); never for production.
   */
  @IsIn(['true', 'false'])
  LEDGER_HOT_ACCOUNTS_INLINE: 'true' | 'false' = 'false';

  /**
   * How often the day-close job checks whether yesterday (Asia/Shanghai) still needs reconciling, verifying and
   * settling; 0 = off (operators run it from the console).
   */
  @Int(0)
  DAY_CLOSE_INTERVAL_MS = 60_000;

  /** Shanghai time of day after which yesterday is closed: the channels' bills are ready by then. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DAY_CLOSE_AFTER must be HH:MM' })
  DAY_CLOSE_AFTER = '02:00';

  /** How often payouts still under way (or to retry) are sent or asked about again; 0 = off. */
  @Int(0)
  PAYOUT_INTERVAL_MS = 30_000;

  /** How often an instance looks for a settlement run left RUNNING by an instance that died (and resumes it); 0 = off. */
  @Int(0)
  SETTLEMENT_RESUME_INTERVAL_MS = 60_000;

  /** How often the webhook job fans new events out and delivers what is due; 0 = off (nothing is delivered). */
  @Int(0)
  WEBHOOK_DELIVERY_INTERVAL_MS = 500;

  /** Shrinks Svix's webhook retry schedule and the 5-day disable rule by this factor (tests: 0.0001); 1 in production. */
  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value)))
  @Max(1)
  @Min(0.000001)
  @IsNumber()
  WEBHOOK_SCHEDULE_SCALE = 1;

  /** Platform fee for a merchant approved without its own rate, in basis points of net redeemed principal. */
  @Int(0, 1000)
  DEFAULT_FEE_RATE_BPS = 60;

  /**
   * How long a background job's lease lasts unless renewed: after an instance dies, another takes its jobs over
   * this much later. Far above the clock skew between instances (expiry is compared with each instance's clock).
   */
  @Int(1_000)
  JOB_LEASE_TTL_MS = 30_000;

  /** How often a running job renews its lease; well under JOB_LEASE_TTL_MS, so a slow renewal never loses it. */
  @Int(100)
  JOB_LEASE_RENEW_MS = 10_000;
}
