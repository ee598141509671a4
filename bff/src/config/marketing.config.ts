import { ConsumerRightsConfig } from './consumer-rights.config';
import { Int } from './setting-decorators';

/** Marketing (docs/marketing.md): the pace of its background jobs. */
export class MarketingConfig extends ConsumerRightsConfig {
  /** How often the points-expiry job takes back points past their validity (ms); hourly, so a new year's expiry lands within the hour; 0 = off. */
  @Int(0)
  POINTS_EXPIRY_INTERVAL_MS = 3_600_000;
}
