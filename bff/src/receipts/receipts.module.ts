import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CardHistoryModule } from '../cards/card-history.module';
import { ReceiptDeliveryJob } from './receipt-delivery.job';
import { ReceiptsController } from './receipts.controller';
import { ReceiptsRepository } from './receipts.repository';
import { ReceiptsService } from './receipts.service';
import { WechatSubscribeClient } from './wechat-subscribe.client';

/** Receipts to consumers (WeChat subscribe messages, SMS) from the webhook outbox: docs/receipts.md. */
@Module({
  imports: [AuthModule, CardHistoryModule],
  controllers: [ReceiptsController],
  providers: [ReceiptsRepository, ReceiptsService, WechatSubscribeClient, ReceiptDeliveryJob],
  exports: [ReceiptDeliveryJob, ReceiptsRepository],
})
export class ReceiptsModule {}
