import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardHistoryModule } from '../cards/card-history.module';
import { CardsModule } from '../cards/cards.module';
import { MarketingModule } from '../marketing/marketing.module';
import { PaymentsModule } from '../payments/payments.module';
import { RedemptionModule } from '../redemption/redemption.module';
import { WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository';
import { OpenApiDeskController } from './open-api-desk.controller';
import { OpenApiDeskService } from './open-api-desk.service';
import { OpenApiController } from './open-api.controller';
import { OpenApiRequestsRepository } from './open-api-requests.repository';
import { OpenApiService } from './open-api.service';

/** Open API v1 for merchants' own systems (docs/open-api.md): the other contexts' verbs behind signed routes. */
@Module({
  imports: [AuthModule, CardsModule, CardHistoryModule, MarketingModule, PaymentsModule, RedemptionModule],
  controllers: [OpenApiController, OpenApiDeskController],
  // the webhooks context's repository for one read (the endpoint list); that context exports only its outbox
  providers: [OpenApiService, OpenApiDeskService, OpenApiRequestsRepository, WebhookEndpointsRepository],
})
export class OpenApiModule {}
