import { IsString } from 'class-validator';
import type { Endpoints } from './endpoints';
import { LimitsConfig } from './limits.config';
import { Int, OptionalUrl, Url } from './setting-decorators';

/** The channels and the custody bank, top-ups, and how notifications and redemptions are committed in groups. */
export class PaymentsConfig extends LimitsConfig {
  /** Base URL of the channel sandbox (or the real channel gateways' stand-in). */
  @Url()
  CHANNEL_SANDBOX_URL = 'http://127.0.0.1:3100';

  /**
   * Base URL of the custody bank's payout API (settlement payouts). Unset = CHANNEL_SANDBOX_URL, where the sandbox
   * plays the bank; loadConfig fills that in, so the value is always set once loaded.
   */
  @OptionalUrl()
  CUSTODY_BANK_URL!: string;

  /** Every outside endpoint, each on its own (config/endpoints.ts); filled in by loadConfig. */
  endpoints!: Endpoints;

  /** Merchant credentials at the channels (the sandbox writes this file on first start). */
  @IsString()
  PAYMENT_CREDENTIALS_FILE = '.data/sandbox/merchant-credentials.json';

  /** An unpaid top-up is closed at the channel after this many minutes. */
  @Int(1, 120)
  TOPUP_EXPIRY_MINUTES = 15;

  /** How long a real-name check waits for the identity-verification service before answering REAL_NAME_UNAVAILABLE. */
  @Int(500, 30_000)
  IDENTITY_VERIFICATION_TIMEOUT_MS = 5000;

  /** How often the payment poller looks for attempts due a query (lost notifications, expiry); 0 = off. */
  @Int(0)
  PAYMENT_POLL_INTERVAL_MS = 1000;

  /** Payment notifications credited in one transaction at most (group commit on MySQL/MariaDB); 1 = one each. */
  @Int(1, 256)
  NOTIFICATION_BATCH_MAX = 64;

  /** Notification batches committing at once (each on its own connection); the next batch gathers meanwhile. */
  @Int(1, 16)
  NOTIFICATION_BATCHES_IN_FLIGHT = 2;

  /**
   * Redemptions taken in one transaction at most (group commit on MySQL/MariaDB: requests that arrive while a batch
   * commits go in the next one); 1 = one transaction per redemption.
   */
  @Int(1, 256)
  REDEMPTION_BATCH_MAX = 64;

  /** Redemption batches committing at once (each on its own connection); the next batch gathers meanwhile. */
  @Int(1, 16)
  REDEMPTION_BATCHES_IN_FLIGHT = 1;
}
