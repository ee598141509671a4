import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardGiftOffer, CardGiftPreview, CardGiftView, CardView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { GiftTokenDto } from './gifting.dto';
import { GiftingService } from './gifting.service';

/** 转赠 of a whole card (docs/compliance.md): the giver's link, its 取消, and the friend's claim. */
@ApiTags('gifting')
@Controller('me')
@Authenticated('consumer')
export class GiftingController {
  constructor(private readonly gifting: GiftingService) {}

  @Post('cards/:cardId/gifts')
  offer(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardGiftOffer> {
    return this.gifting.offer(consumer, cardId);
  }

  @Get('cards/:cardId/gift')
  pending(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardGiftView | null> {
    return this.gifting.pendingOf(consumer, cardId);
  }

  @Post('gifts/:giftId/cancel')
  @HttpCode(200)
  cancel(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('giftId', uuidParam('giftId')) giftId: string): Promise<CardGiftView> {
    return this.gifting.cancel(consumer, giftId);
  }

  @Get('gift-claims/preview')
  preview(@Query() query: GiftTokenDto): Promise<CardGiftPreview> {
    return this.gifting.preview(query.token);
  }

  @Post('gift-claims')
  claim(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: GiftTokenDto): Promise<CardView> {
    return this.gifting.claim(consumer, body.token);
  }
}
