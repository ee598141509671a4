import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardTermsView } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param.pipe';
import { TermsAcceptanceDto } from '../contracts/contracts.dto';
import { CardTermsService } from './card-terms.service';

/** The card's 预付卡章程 / 充值协议 as the top-up page shows it, and its acceptance (docs/compliance.md §8). */
@ApiTags('cards')
@Controller('me/cards/:cardId')
@Authenticated('consumer')
export class CardTermsController {
  constructor(private readonly terms: CardTermsService) {}

  @Get('terms')
  view(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardTermsView> {
    return this.terms.view(consumer, cardId);
  }

  @Post('terms-acceptance')
  @HttpCode(200)
  accept(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string, @Body() body: TermsAcceptanceDto): Promise<CardTermsView> {
    return this.terms.accept(consumer, cardId, body.version);
  }
}
