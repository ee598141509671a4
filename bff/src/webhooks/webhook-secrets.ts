import { Injectable } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';

/** Endpoint secrets at rest: sealed with SECRETS_KEY like every other stored secret (common/secret-box.ts). */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;

  constructor(config: AppConfig) {
    this.box = new SecretBox(config.SECRETS_KEY, config.JWT_SECRET);
  }

  seal(clear: string): string {
    return this.box.seal(clear);
  }

  open(sealed: string): string {
    return this.box.open(sealed);
  }
}
