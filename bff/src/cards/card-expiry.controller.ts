import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardReplacementView, CardView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { CardExpiryService } from './card-expiry.service';

/** An expired card's holder keeps the balance: a new validity period, or a new card (docs/compliance.md §7). */
@ApiTags('cards')
@Controller('me/cards/:cardId')
@Authenticated('consumer')
export class CardExpiryController {
  constructor(private readonly expiry: CardExpiryService) {}

  @Post('reactivation')
  @HttpCode(200)
  reactivate(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardView> {
    return this.expiry.reactivate(consumer, cardId);
  }

  @Post('expiry-replacement')
  @HttpCode(200)
  replace(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardReplacementView> {
    return this.expiry.replace(consumer, cardId);
  }
}
