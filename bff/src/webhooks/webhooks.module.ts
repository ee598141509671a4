import { Global, Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { WebhooksController } from './webhooks.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Webhooks to merchants' servers. Global for its outbox: every context that reports a change writes to it in its own transaction. */
@Global()
@Module({
  imports: [MerchantsModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookEndpointsRepository, WebhookOutbox, WebhookSecrets, WebhookSender, WebhooksService, WebhookDeliveryJob],
  exports: [WebhookOutbox, WebhookDeliveryJob],
})
export class WebhooksModule {}
