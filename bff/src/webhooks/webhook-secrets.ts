import { Injectable } from '@nestjs/common';
import { SecretsAtRest } from '../common/secrets-at-rest';

/** Endpoint secrets at rest: sealed with SECRETS_KEY like every other stored secret. */
@Injectable()
export class WebhookSecrets extends SecretsAtRest {}
