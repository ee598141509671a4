import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CardEvent, CardReceipt, Page } from '@jucard/shared';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param.pipe';
import { EventIdPipe } from './cards.dto';
import { CardHistoryService } from './card-history.service';

@ApiTags('cards')
@Controller('me/cards/:cardId/events')
@Authenticated('consumer')
export class CardHistoryController {
  constructor(private readonly history: CardHistoryService) {}

  @Get()
  events(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Query() query: PageQuery,
  ): Promise<Page<CardEvent>> {
    return this.history.events(consumer, cardId, query.cursor, query.limit);
  }

  @Get(':eventId')
  receipt(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Param('eventId', EventIdPipe) eventId: string,
  ): Promise<CardReceipt> {
    return this.history.receipt(consumer, cardId, eventId);
  }
}
