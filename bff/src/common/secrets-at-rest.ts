import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

/**
 * Secrets kept in the database, sealed with SECRETS_KEY (without it, a key derived from JWT_SECRET: local use).
 * A context that stores secrets provides its own subclass (PosSecrets, WebhookSecrets), so no module has to
 * import another's provider to seal its own rows.
 */
@Injectable()
export class SecretsAtRest {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.SECRETS_KEY, config.JWT_SECRET);
  }

  seal(clear: string): string {
    return this.box.seal(clear);
  }

  /** Throws on an unknown key id or a tampered value. */
  open(sealed: string): string {
    return this.box.open(sealed);
  }
}
