import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardMovement, CardProductView, CardView, Page } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param.pipe';
import { CLAIM_TOKEN, ClaimCardDto } from './cards.dto';
import { CardsService } from './cards.service';

@ApiTags('cards')
@Controller()
export class CardsController {
  constructor(private readonly cards: CardsService) {}

  @Get('claim/:claimToken')
  preview(@Param('claimToken') claimToken: string): Promise<CardProductView> {
    if (!CLAIM_TOKEN.test(claimToken)) throw new DomainError('CLAIM_TOKEN_INVALID');
    return this.cards.preview(claimToken);
  }

  @Post('me/cards')
  @Authenticated('consumer')
  claim(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: ClaimCardDto): Promise<CardView> {
    return this.cards.claim(consumer, body.claimToken, body.acceptedTermsVersion);
  }

  @Get('me/cards')
  @Authenticated('consumer')
  list(@CurrentConsumer() consumer: ConsumerPrincipal): Promise<CardView[]> {
    return this.cards.list(consumer);
  }

  @Get('me/cards/:cardId')
  @Authenticated('consumer')
  get(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CardView> {
    return this.cards.get(consumer, cardId);
  }

  @Get('me/cards/:cardId/movements')
  @Authenticated('consumer')
  movements(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Query() query: PageQuery,
  ): Promise<Page<CardMovement>> {
    return this.cards.movements(consumer, cardId, query.cursor, query.limit);
  }
}
