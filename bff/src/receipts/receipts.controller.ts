import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ReceiptSubscriptionsView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { GrantReceiptSubscriptionsDto } from './receipts.dto';
import { ReceiptsService } from './receipts.service';

/** The consumer's WeChat subscriptions to receipts (订阅消息), asked for in the mini-program. */
@ApiTags('receipts')
@Controller('me/receipt-subscriptions')
@Authenticated('consumer')
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get()
  subscriptions(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<ReceiptSubscriptionsView> {
    return this.receipts.subscriptions(consumer);
  }

  @Post()
  @HttpCode(200)
  grant(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: GrantReceiptSubscriptionsDto): Promise<ReceiptSubscriptionsView> {
    return this.receipts.grant(consumer, body.acceptedTemplateIds);
  }
}
