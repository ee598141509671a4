import { MarketingConfig } from './marketing.config';

/**
 * Every environment variable the BFF reads, validated at boot. `.env.example` documents each one.
 * A missing or malformed value stops the process with a sentence that names the variable.
 *
 * One class, so Nest injects one `AppConfig` everywhere; its fields stand in one file per concern, each class
 * extending the one before: server → storage → auth → limits → payments → settlement → files → receipts → consumer rights → marketing.
 */
export class AppConfig extends MarketingConfig {}
