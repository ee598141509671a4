import { Body, Controller, Get, Headers, Param, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { BalanceRefundView, CoolingOffQuoteView, RefundQuoteView, TopUpView } from '@jucard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentConsumer } from '../auth/auth.guard';
import type { ConsumerPrincipal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { uuidParam } from '../common/uuid-param.pipe';
import { CHANNELS, type Channel } from './channel.port';
import { NotificationsService } from './notifications.service';
import { BalanceRefundsService } from './balance-refunds.service';
import { CoolingOffRefundsService } from './cooling-off-refunds.service';
import { CreateTopUpDto, RefundBalanceDto } from './payments.dto';
import { TopUpsService } from './topups.service';

@ApiTags('top-ups')
@Controller()
export class PaymentsController {
  constructor(
    private readonly topups: TopUpsService,
    private readonly notifications: NotificationsService,
    private readonly refunds: BalanceRefundsService,
    private readonly coolingOff: CoolingOffRefundsService,
  ) {}

  @Post('me/topups')
  @Authenticated('consumer')
  create(@CurrentConsumer() consumer: ConsumerPrincipal, @Body() body: CreateTopUpDto, @Headers('x-device-id') deviceId: string | undefined): Promise<TopUpView> {
    return this.topups.create(consumer, body, deviceId);
  }

  @Get('me/topups/:orderId')
  @Authenticated('consumer')
  get(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('orderId', uuidParam('orderId')) orderId: string): Promise<TopUpView> {
    return this.topups.get(consumer, orderId);
  }

  /** What giving the card back would return now, with the pro-rata calculation; changes nothing. */
  @Get('me/cards/:cardId/refund-quote')
  @Authenticated('consumer')
  refundQuote(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<RefundQuoteView> {
    return this.refunds.quote(consumer, cardId);
  }

  /** Gives the card back: unused principal (counted pro rata) to the original channel(s), bonus forfeited, card closed. */
  @Post('me/cards/:cardId/refunds')
  @Authenticated('consumer')
  refund(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Body() body: RefundBalanceDto,
  ): Promise<BalanceRefundView> {
    return this.refunds.request(consumer, cardId, body.idempotencyKey, body.quotedRefundFen);
  }

  /** The top-ups the 冷静期 still covers (nothing redeemed since, within the product's days); changes nothing. */
  @Get('me/cards/:cardId/cooling-off-quote')
  @Authenticated('consumer')
  coolingOffQuote(@CurrentConsumer() consumer: ConsumerPrincipal, @Param('cardId', uuidParam('cardId')) cardId: string): Promise<CoolingOffQuoteView> {
    return this.coolingOff.quote(consumer, cardId);
  }

  /** Returns those top-ups in full (bonus forfeited); the card stays open. Followed like a 退卡 at …/refunds/:refundId. */
  @Post('me/cards/:cardId/cooling-off-refunds')
  @Authenticated('consumer')
  coolingOffRefund(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Body() body: RefundBalanceDto,
  ): Promise<BalanceRefundView> {
    return this.coolingOff.request(consumer, cardId, body.idempotencyKey, body.quotedRefundFen);
  }

  @Get('me/cards/:cardId/refunds/:refundId')
  @Authenticated('consumer')
  refundStatus(
    @CurrentConsumer() consumer: ConsumerPrincipal,
    @Param('cardId', uuidParam('cardId')) cardId: string,
    @Param('refundId', uuidParam('refundId')) refundId: string,
  ): Promise<BalanceRefundView> {
    return this.refunds.get(consumer, cardId, refundId);
  }

  /** Channel → platform notifications; answered in each channel's own format. */
  @Post('payments/notify/:channel')
  @ApiExcludeEndpoint()
  async notify(@Param('channel') name: string, @Req() request: RawBodyRequest<FastifyRequest>, @Res() reply: FastifyReply): Promise<void> {
    const channel = name.toUpperCase() as Channel;
    if (!CHANNELS.includes(channel)) throw new DomainError('ROUTE_NOT_FOUND');
    const raw = { headers: request.headers, rawBody: request.rawBody ?? Buffer.alloc(0), remoteAddress: request.ip };
    const ack = await this.notifications.handle(channel, raw);
    await reply.status(ack.status).type(ack.contentType).send(ack.body);
  }
}
