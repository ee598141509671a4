import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardHistoryModule } from '../cards/card-history.module';
import { CardsModule } from '../cards/cards.module';
import { PaymentsModule } from '../payments/payments.module';
import { RedemptionModule } from '../redemption/redemption.module';
import { WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository';
import { OpenApiController } from './open-api.controller';
import { OpenApiRequestsRepository } from './open-api-requests.repository';
import { OpenApiService } from './open-api.service';

/** Open API v1 for merchants' own systems (docs/open-api.md): the other contexts' verbs behind signed routes. */
@Module({
  imports: [AuthModule, CardsModule, CardHistoryModule, PaymentsModule, RedemptionModule],
  controllers: [OpenApiController],
  // the webhooks context's repository for one read (the endpoint list); that context exports only its outbox
  providers: [OpenApiService, OpenApiRequestsRepository, WebhookEndpointsRepository],
})
export class OpenApiModule {}
