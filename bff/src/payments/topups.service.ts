import { Injectable, Logger } from '@nestjs/common';
import { canCardMoveMoney, canMerchantOperate, type CreateTopUpRequest, type TopUpView } from '@jucard/shared';
import { createHash } from 'node:crypto';
import type { ConsumerPrincipal } from '../auth/principal';
import { IdentityRepository } from '../auth/identity.repository';
import { CardProductsRepository, type CardProduct } from '../card-products/card-products.repository';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { ContractsService } from '../contracts/contracts.service';
import { deviceIdOf } from '../common/device-id';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LedgerService } from '../ledger/ledger.service';
import { CampaignsService } from '../marketing/campaigns.service';
import { MerchantClosingsRepository } from '../merchants/merchant-closings.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RealNameService } from '../real-name/real-name.service';
import { RiskService } from '../risk/risk.service';
import { CHANNELS, ChannelUnavailableError, type Channel } from './channel.port';
import { ChannelRouter } from './channel-router';
import { PaymentChannels } from './payment-channels';
import type { PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { TopUpSettlement } from './topup-settlement.service';

const FIRST_POLL_AFTER_MS = 5_000;

/**
 * TopUpCard: the consumer picks an amount (a tier or a custom amount), the platform opens an order and a channel
 * attempt, and the client pays with the channel's own sheet. The card is credited only when the channel
 * confirms (TopUpSettlement), never on the client's word.
 */
@Injectable()
export class TopUpsService {
  private readonly logger = new Logger(TopUpsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly cards: CardsRepository,
    private readonly products: CardProductsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly closings: MerchantClosingsRepository,
    private readonly identities: IdentityRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly router: ChannelRouter,
    private readonly settlement: TopUpSettlement,
    private readonly ledger: LedgerService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
    private readonly risk: RiskService,
    private readonly realName: RealNameService,
    private readonly campaigns: CampaignsService,
    private readonly contracts: ContractsService,
  ) {}

  /** `deviceHeader`: the app's X-Device-Id, kept on the order for the risk rules that count per device. */
  async create(consumer: ConsumerPrincipal, request: CreateTopUpRequest, deviceHeader?: string): Promise<TopUpView> {
    const deviceId = deviceIdOf(deviceHeader);
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ cardId: request.cardId, amountFen: request.amountFen, channel: request.channel ?? null }))
      .digest('hex');
    const earlier = await this.payments.findOrderByIdempotencyKey(consumer.consumerId, request.idempotencyKey);
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', request.idempotencyKey);
      // still INIT: whoever took the first request died before any channel answered (a retry after a crash or a
      // lost answer) — ask a channel now, or the consumer would hold an order nobody can pay
      if (earlier.status !== 'INIT' || earlier.expiresAt <= this.clock.now()) return this.view(earlier);
    }

    const card = await this.cards.findOwned(consumer.consumerId, request.cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    if (!canCardMoveMoney(card.status)) throw new DomainError('CARD_NOT_ACTIVE');
    const now = this.clock.now();
    if (card.expiresAt && card.expiresAt <= now) throw new DomainError('CARD_EXPIRED');
    const product = await this.products.findById(card.productId);
    const merchant = await this.merchants.merchantById(card.merchantId);
    if (!merchant) throw new Error(`merchant ${card.merchantId} of card ${card.id} is missing`);
    if (!canMerchantOperate(merchant.status)) throw new DomainError(merchant.status === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED');
    // a closing merchant takes no more prepayment (docs/compliance.md §10), an order opened before the notice included
    if (await this.closings.closingOf(merchant.id)) throw new DomainError('MERCHANT_CLOSING');
    const enabled = (merchant.paymentChannels ?? CHANNELS).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
    if (request.channel && !enabled.includes(request.channel)) throw new DomainError('CHANNEL_NOT_ENABLED');
    if (earlier) return this.pay(earlier, { merchant, product, enabled, channel: request.channel, consumerId: consumer.consumerId });

    // a running campaign's tier is the source of the reward (under the version of now, kept on the order); otherwise the product's tiers
    const offer = await this.campaigns.offerFor(card.merchantId, request.amountFen);
    const bonusFen = offer ? offer.tier.bonusFen : bonusFor(product, request.amountFen);
    await this.requireRoom(card, product, request.amountFen + bonusFen);

    const orderId = this.ids.uuid();
    // the payer account: a mini-program payment is paid by the consumer's own WeChat (JSAPI charges that openid)
    const openid = (await this.identities.consumerById(consumer.consumerId))?.wechatOpenid ?? null;
    const payerRef = openid ? `wechat:${openid}` : null;
    const operation = { kind: 'TOPUP', id: orderId, consumerId: consumer.consumerId, cardId: card.id, merchantId: card.merchantId, productId: card.productId, amountFen: request.amountFen, deviceId, payerRef } as const;
    // the card's terms in force accepted (now or before) before any order exists (docs/compliance.md §8)
    await this.contracts.requireAccepted(consumer.consumerId, card.productId, request.acceptedTermsVersion, 'TOPUP');
    // 实名 first (REAL_NAME_REQUIRED / _FOR_AMOUNT), reading only: a refused request leaves no order and no decision
    await this.realName.requireForTopUp(operation, product.kind);
    // a block or hold refuses here (RISK_BLOCKED / RISK_HELD) before any order exists; a review lets it through
    await this.risk.decide(operation);
    const order: TopUpOrderEntity = {
      id: orderId,
      consumerId: consumer.consumerId,
      cardId: card.id,
      merchantId: card.merchantId,
      idempotencyKey: request.idempotencyKey,
      requestHash,
      amountFen: request.amountFen,
      bonusFen,
      refundedFen: 0,
      campaignId: offer?.campaignId ?? null,
      campaignVersion: offer?.version ?? null,
      status: 'INIT',
      channel: null,
      currentAttemptId: null,
      expiresAt: new Date(now.getTime() + this.config.TOPUP_EXPIRY_MINUTES * 60_000),
      paidAt: null,
      deviceId,
      payerRef,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.tx.run((em) => this.payments.insertOrder(em, order));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.create(consumer, request); // the same key raced in: answer as its replay
    }
    return this.pay(order, { merchant, product, enabled, channel: request.channel, consumerId: consumer.consumerId });
  }

  /** Asks the channels in the router's order for a way to pay this order; the first that answers is the one. */
  private async pay(
    order: TopUpOrderEntity,
    { merchant, product, enabled, channel, consumerId }: { merchant: { displayName: string }; product: { name: string }; enabled: Channel[]; channel?: Channel; consumerId: string },
  ): Promise<TopUpView> {
    const openid = (await this.identities.consumerById(consumerId))?.wechatOpenid ?? null;
    for (const decision of await this.router.plan(enabled, channel)) {
      const attempt = await this.openAttempt(order, decision.channel, decision.reason);
      try {
        const prepay = await this.channels.get(decision.channel).prepay({
          outTradeNo: attempt.outTradeNo,
          amountFen: order.amountFen,
          description: `${merchant.displayName} ${product.name}充值`.slice(0, 60),
          notifyUrl: `${this.config.publicBaseUrl}/payments/notify/${decision.channel.toLowerCase()}`,
          returnUrl: `${this.config.publicBaseUrl}/app/#/pages/topup-result/index?orderId=${order.id}`,
          payerOpenid: openid,
          expiresAt: order.expiresAt,
        });
        await this.router.record(decision.channel, true);
        await this.tx.run(async (em) => {
          const payParams = { miniProgramPayParams: prepay.miniProgramPayParams, cashierUrl: prepay.cashierUrl };
          await this.payments.recordPrepay(em, attempt.id, prepay.channelReference, payParams, this.clock.now());
          await this.payments.markPayingIfInit(em, order.id, decision.channel, attempt.id, this.clock.now());
        });
        this.logger.log(`top-up ${order.id}: ${order.amountFen} fen (+${order.bonusFen} bonus) via ${decision.channel} (${decision.reason})`);
        return this.view(await this.payments.findOrder(order.id));
      } catch (error) {
        if (!(error instanceof ChannelUnavailableError)) throw error;
        await this.router.record(decision.channel, false);
        this.logger.warn(`top-up ${order.id}: ${decision.channel} unavailable (${error.message}); failing over`);
        await this.tx.run((em) => this.payments.failAttemptIfPending(em, attempt.id, this.clock.now()));
      }
    }
    await this.tx.run((em) => this.payments.markFailedIfInit(em, order.id, this.clock.now()));
    throw new DomainError('CHANNEL_UNAVAILABLE');
  }

  /**
   * The result page polls this. While the order is still paying, it asks the channel (at most every few
   * seconds), so a consumer whose notification was lost does not wait for the background poller.
   */
  async get(consumer: ConsumerPrincipal, orderId: string): Promise<TopUpView> {
    const order = await this.payments.findOwnOrder(consumer.consumerId, orderId);
    if (!order) throw new DomainError('TOPUP_NOT_FOUND');
    if (order.status === 'PAYING' && order.currentAttemptId) {
      const attempt = await this.payments.findAttempt(order.currentAttemptId);
      if (attempt?.status === 'PENDING' && this.clock.now().getTime() - attempt.updatedAt.getTime() > 2_000) {
        await this.refresh(attempt).catch((error: unknown) => this.logger.warn(`on-demand query failed: ${(error as Error).message}`));
        return this.view(await this.payments.findOrder(orderId));
      }
    }
    return this.view(order);
  }

  /** Asks the channel about one attempt and acts on the answer (shared with the poller). */
  async refresh(attempt: PaymentAttemptEntity): Promise<void> {
    const state = await this.channels.get(attempt.channel).query(attempt.outTradeNo);
    await this.tx.run((em) => this.payments.touchAttempt(em, attempt.id, this.clock.now()));
    if (state.kind === 'PAID') await this.settlement.settle(attempt, state);
    if (state.kind === 'CLOSED' || state.kind === 'FAILED') await this.settlement.close(attempt);
  }

  private async openAttempt(order: TopUpOrderEntity, channel: Channel, reason: string): Promise<PaymentAttemptEntity> {
    const now = this.clock.now();
    const attempt: PaymentAttemptEntity = {
      id: this.ids.uuid(),
      orderId: order.id,
      channel,
      // the channel's order number: 32 characters at most, letters and digits only (WeChat's rule, the strictest)
      outTradeNo: `JC${now.toISOString().slice(0, 10).replace(/-/g, '')}${this.ids.digits(18)}`,
      status: 'PENDING',
      routingReason: reason.slice(0, 200),
      channelReference: null,
      channelTradeNo: null,
      payParams: null,
      nextPollAt: new Date(now.getTime() + FIRST_POLL_AFTER_MS),
      pollCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run((em) => this.payments.insertAttempt(em, attempt));
    return attempt;
  }

  /** The card's maximum balance (¥5,000 named / ¥1,000 anonymous by default) counts orders still being paid. */
  private async requireRoom(card: Card, product: CardProduct, incoming: number): Promise<void> {
    const [principal, bonus] = await Promise.all([this.ledger.balance(card.principalAccountId), this.ledger.balance(card.bonusAccountId)]);
    const pending = await this.payments.pendingTopUpsFen(card.id);
    if (principal + bonus + pending + incoming > product.maxBalanceFen) throw new DomainError('BALANCE_LIMIT_EXCEEDED');
  }

  private async view(order: TopUpOrderEntity): Promise<TopUpView> {
    const attempt = order.status === 'PAYING' && order.currentAttemptId
      ? await this.payments.findAttempt(order.currentAttemptId)
      : null;
    return {
      orderId: order.id,
      cardId: order.cardId,
      status: order.status,
      amountFen: order.amountFen,
      bonusFen: order.bonusFen,
      channel: order.channel,
      miniProgramPayParams: attempt?.payParams?.miniProgramPayParams ?? null,
      cashierUrl: attempt?.payParams?.cashierUrl ?? null,
      expiresAt: order.expiresAt.toISOString(),
      paidAt: order.paidAt ? order.paidAt.toISOString() : null,
      createdAt: order.createdAt.toISOString(),
    };
  }
}

/** The bonus of a top-up: a tier's bonus, or none for a custom amount the product allows; anything else is refused. */
export function bonusFor(product: Pick<CardProduct, 'tiers' | 'allowCustomAmount' | 'minTopUpFen'>, amountFen: number): number {
  const tier = product.tiers.find((t) => t.payFen === amountFen);
  if (tier) return tier.bonusFen;
  if (product.allowCustomAmount && amountFen >= product.minTopUpFen) return 0;
  throw new DomainError('TOPUP_AMOUNT_NOT_OFFERED');
}

