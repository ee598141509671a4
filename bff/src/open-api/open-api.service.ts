import { Injectable } from '@nestjs/common';
import { maskPhone, type CardEvent, type OpenCardView, type Page, type RedemptionView, type ReversalView, type TopUpView, type WebhookEndpointView } from '@jucard/shared';
import { IdentityRepository } from '../auth/identity.repository';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardHistoryService } from '../cards/card-history.service';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { PaymentsRepository } from '../payments/payments.repository';
import { TopUpsService } from '../payments/topups.service';
import type { PosPrincipal } from '../redemption/pos-auth.guard';
import { PosCardsService } from '../redemption/pos-cards.service';
import { RedemptionService, type Till } from '../redemption/redemption.service';
import { ReversalService } from '../redemption/reversal.service';
import { toEndpointView, WebhookEndpointsRepository } from '../webhooks/webhook-endpoints.repository';
import type { MemberLookupQuery, OpenRedeemDto, OpenTopUpDto } from './open-api.dto';
import { bindOnce, requireIdempotencyKey } from './open-api-keys';
import { OpenApiRequestsRepository } from './open-api-requests.repository';
import type { OpenMemberSchema } from './open-api.schemas';

/**
 * Open API v1 for a merchant's own systems: every verb is the one the till or the consumer already uses (the sale
 * pipeline, the reversal, the top-up order, the card history), called for the key's merchant and stores. Another
 * merchant's card, sale or member is answered exactly like an unknown one.
 */
@Injectable()
export class OpenApiService {
  constructor(
    private readonly cards: CardsRepository,
    private readonly identities: IdentityRepository,
    private readonly posCards: PosCardsService,
    private readonly history: CardHistoryService,
    private readonly redemptions: RedemptionService,
    private readonly reversals: ReversalService,
    private readonly topUps: TopUpsService,
    private readonly orders: PaymentsRepository,
    private readonly webhooks: WebhookEndpointsRepository,
    private readonly requests: OpenApiRequestsRepository,
    private readonly clock: Clock,
  ) {}

  /** The member holding a card, or the member with a phone: their cards at this merchant. */
  async member(pos: PosPrincipal, query: MemberLookupQuery): Promise<OpenMemberSchema> {
    const consumerId = query.cardNo ? (await this.ownCard(pos, query.cardNo)).consumerId : (await this.identities.consumerByIdentity({ phone: query.phone! }))?.id;
    const consumer = consumerId ? await this.identities.consumerById(consumerId) : null;
    const cards = consumer ? (await this.cards.listOfConsumer(consumer.id)).filter((card) => card.merchantId === pos.merchantId) : [];
    // a phone with no card here reads like an unknown phone: a merchant learns nothing of other merchants' members
    if (!consumer || cards.length === 0) throw new DomainError('CARD_NOT_FOUND');
    const views: OpenCardView[] = [];
    for (const card of cards) views.push(await this.posCards.byCardNo(pos, card.cardNo));
    return { phoneMasked: consumer.phone ? maskPhone(consumer.phone) : null, nickname: consumer.nickname, cards: views };
  }

  /** The card's movements by business event, newest first (the consumer's own history, read for the merchant). */
  async events(pos: PosPrincipal, cardNo: string, cursor: string | undefined, limit: number | undefined): Promise<Page<CardEvent>> {
    const card = await this.ownCard(pos, cardNo);
    return this.history.events(holderOf(card), card.id, cursor, limit);
  }

  /** POST /pos/redemptions' sale, at one of the key's stores; merchantOrderNo is the idempotency key. */
  redeem(pos: PosPrincipal, body: OpenRedeemDto): Promise<RedemptionView> {
    const { storeId, ...sale } = body;
    return this.redemptions.redeem(tillOf(pos), { ...sale, storeId: storeId ?? pos.storeId });
  }

  /** A sale taken at one of the key's stores, reversed; reversalNo is the idempotency key. */
  reverse(pos: PosPrincipal, redemptionId: string, body: { amountFen: number; reversalNo: string; reason?: string }): Promise<ReversalView> {
    return this.reversals.reverse(tillOf(pos), redemptionId, body);
  }

  /**
   * A top-up order the member pays at the counter (the answer's cashierUrl as a QR code). The card is credited when
   * the channel confirms, as for any top-up. The Idempotency-Key is bound to its body merchant-wide first; the order
   * itself is keyed for the card's holder with a key derived from it, so a retry is answered by the order's own replay.
   */
  async createTopUp(pos: PosPrincipal, idempotencyKey: string | undefined, body: OpenTopUpDto): Promise<TopUpView> {
    const key = requireIdempotencyKey(idempotencyKey);
    const card = await this.ownCard(pos, body.cardNo);
    const request = { cardNo: body.cardNo, amountFen: body.amountFen, channel: body.channel ?? null };
    const orderKey = await bindOnce(this.requests, pos.merchantId, key, 'topup_order', request, this.clock.now());
    return this.topUps.create(holderOf(card), { cardId: card.id, amountFen: body.amountFen, channel: body.channel, idempotencyKey: orderKey });
  }

  /** A top-up order of one of this merchant's cards, as its holder sees it (asking the channel while it is paying). */
  async topUpOrder(pos: PosPrincipal, orderId: string): Promise<TopUpView> {
    const order = await this.orders.findOrderOfMerchant(pos.merchantId, orderId);
    if (!order) throw new DomainError('TOPUP_NOT_FOUND');
    return this.topUps.get({ kind: 'consumer', consumerId: order.consumerId }, orderId);
  }

  async webhookEndpoints(pos: PosPrincipal): Promise<WebhookEndpointView[]> {
    return (await this.webhooks.endpointsOf(pos.merchantId)).map(toEndpointView);
  }

  private async ownCard(pos: PosPrincipal, cardNo: string): Promise<Card> {
    const card = await this.cards.findByCardNo(cardNo);
    if (!card || card.merchantId !== pos.merchantId) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }
}

/** A merchant's server at the counter: its key's stores only. */
function tillOf(pos: PosPrincipal): Till {
  return { merchantId: pos.merchantId, storeIds: pos.storeIds, operatorType: 'pos', operatorId: pos.appKey };
}

/** The card's holder, on whose behalf the consumer-side verbs run once the card is known to be this merchant's. */
export function holderOf(card: Pick<Card, 'consumerId'>): ConsumerPrincipal {
  return { kind: 'consumer', consumerId: card.consumerId };
}
