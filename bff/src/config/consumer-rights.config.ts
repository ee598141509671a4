import { ReceiptsConfig } from './receipts.config';
import { Int } from './setting-decorators';

/** Consumer-rights rules that are set per deployment (docs/compliance.md §7), with today's legal defaults. */
export class ConsumerRightsConfig extends ReceiptsConfig {
  /**
   * The shortest validity of an anonymous card, in months: at least 3 years under 单用途商业预付卡管理办法 (docs/compliance.md §7). A region
   * may ask for longer; never shorter.
   */
  @Int(36, 1200)
  ANONYMOUS_CARD_MIN_VALIDITY_MONTHS = 36;

  /** How many days before expiry the holder is reminded (once per card and validity period). */
  @Int(1, 365)
  CARD_EXPIRY_REMINDER_DAYS = 30;

  /** How often the expiry-reminder job looks for cards entering the reminder window (ms); daily; 0 = off. */
  @Int(0)
  CARD_EXPIRY_REMINDER_INTERVAL_MS = 86_400_000;

  /**
   * How many days ahead a merchant must announce its closing: 30 under 单用途商业预付卡管理办法 Art. 22 (docs/compliance.md
   * §10). A region may ask for more; never fewer.
   */
  @Int(30, 365)
  CLOSING_NOTICE_DAYS = 30;

  /** How often the job refunding the cards of closed merchants runs (ms); hourly; 0 = off. */
  @Int(0)
  CLOSING_REFUND_INTERVAL_MS = 3_600_000;
}
