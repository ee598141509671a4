import { Injectable, Logger } from '@nestjs/common';
import type { BalanceRefundView, Fen } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { MemberLevelsRepository } from '../marketing/member-levels.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { ChannelUnavailableError, type Channel, type RefundState } from './channel.port';
import { PaymentChannels } from './payment-channels';
import type { CardRefundEntity, PaymentAttemptEntity, RefundPartEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/** The refund row as its rule works it out; the step adds the id, the status and the times. */
export type RefundFigures = Omit<CardRefundEntity, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

/** One part to send: `amountFen` of the order goes back through the attempt that paid it. */
export interface PartToSend {
  order: Pick<TopUpOrderEntity, 'id' | 'amountFen'>;
  attempt: Pick<PaymentAttemptEntity, 'channel' | 'outTradeNo'>;
  amountFen: Fen;
}

/**
 * SendRefund, the step every refund of a payment shares (退卡, cooling-off, a double payment): the rule's own
 * transaction writes the refund (`open`) and its parts (`takeFromOrder`, `addPart`), then `dispatch` sends each part to the channel that
 * took the payment and records the channel's word (its answer now, or later a notification or a query through
 * `applyByRefundNo` / `refresh`). A part is done when the channel confirms, and only then does its money leave
 * refund clearing; a part the channel refuses is FAILED and its money stays in refund clearing for an operator.
 */
@Injectable()
export class ChannelRefunds {
  private readonly logger = new Logger(ChannelRefunds.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly payments: PaymentsRepository,
    private readonly channels: PaymentChannels,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
    private readonly outbox: WebhookOutbox,
    private readonly memberLevels: MemberLevelsRepository,
  ) {}

  /** Writes the refund, PROCESSING, in the rule's transaction; its parts follow (`takeFromOrder`, `addPart`). */
  async open(em: EntityManager, figures: RefundFigures, now: Date): Promise<CardRefundEntity> {
    const refund: CardRefundEntity = { id: this.ids.uuid(), ...figures, status: 'PROCESSING', createdAt: now, updatedAt: now };
    await this.refunds.insertRefund(em, refund);
    return refund;
  }

  /** A part of `amountFen` of the order, taken off what the order can still refund, through its paying attempt. */
  async takeFromOrder(
    em: EntityManager,
    refund: CardRefundEntity,
    order: Pick<TopUpOrderEntity, 'id' | 'amountFen' | 'merchantId' | 'consumerId'>,
    attemptId: string | null,
    amountFen: Fen,
    now: Date,
  ): Promise<Channel> {
    const attempt = attemptId ? await this.payments.findAttempt(attemptId, em) : null;
    if (!attempt) throw new Error(`order ${order.id} is paid without its paying attempt ${attemptId ?? ''}`);
    if (!(await this.payments.takeRefund(em, order.id, amountFen, now))) throw new DomainError('CONFLICT', 'top-up changed while refunding');
    // the member's cumulative top-up (会员等级) counts what was paid and kept
    await this.memberLevels.refunded(em, { merchantId: order.merchantId, consumerId: order.consumerId, amountFen }, now);
    return this.addPart(em, refund, { order, attempt, amountFen }, now);
  }

  /** One PROCESSING part: what goes back to one payment, under its own refund number. */
  async addPart(em: EntityManager, refund: CardRefundEntity, { order, attempt, amountFen }: PartToSend, now: Date): Promise<Channel> {
    await this.refunds.insertPart(em, {
      id: this.ids.uuid(),
      cardRefundId: refund.id,
      orderId: order.id,
      channel: attempt.channel,
      outTradeNo: attempt.outTradeNo,
      outRefundNo: `RF${now.toISOString().slice(0, 10).replace(/-/g, '')}${this.ids.digits(18)}`,
      amountFen,
      orderTotalFen: order.amountFen,
      status: 'PROCESSING',
      channelRefundNo: null,
      createdAt: now,
      updatedAt: now,
    });
    return attempt.channel;
  }

  /**
   * The card.refunded webhook event (and so the holder's receipt), written in the refund's own transaction;
   * `principalFen` is what left the card, `channel` the first the money goes back through.
   */
  async announce(em: EntityManager, refund: CardRefundEntity, card: { id: string; cardNo: string; merchantId: string }, principalFen: Fen, channel: Channel): Promise<void> {
    await this.outbox.record(em, {
      merchantId: card.merchantId,
      type: 'card.refunded',
      subjectId: refund.id,
      occurredAt: refund.createdAt,
      data: {
        refundId: refund.id,
        cardId: card.id,
        cardNo: card.cardNo,
        kind: refund.rule ?? 'PRO_RATA',
        principalFen,
        bonusForfeitedFen: refund.bonusForfeitedFen,
        refundedFen: refund.principalFen,
        channel,
        requestedAt: refund.createdAt.toISOString(),
      },
    });
  }

  /** Sends a committed refund's parts to their channels and returns its view; again for a replayed request. */
  async dispatch(refundId: string): Promise<BalanceRefundView> {
    for (const part of await this.refunds.partsOf(refundId)) await this.send(part);
    return this.view(await this.refunds.findRefund(refundId));
  }

  /** Asks the channels after the parts still processing (a channel that does not answer is asked next time). */
  async refresh(refund: CardRefundEntity): Promise<BalanceRefundView> {
    for (const part of await this.refunds.processingParts(refund.id)) {
      const state = await this.channels.get(part.channel).queryRefund(part.outRefundNo, part.outTradeNo).catch(() => null);
      if (state) await this.record(part, state);
    }
    return this.view(await this.refunds.findRefund(refund.id));
  }

  /** A channel's word on one refund part (its answer, a refund notification, or a query). Idempotent. */
  async applyByRefundNo(outRefundNo: string, state: RefundState): Promise<boolean> {
    const part = await this.refunds.findPartByRefundNo(outRefundNo);
    if (!part) return false;
    await this.record(part, state);
    return true;
  }

  async view(refund: CardRefundEntity): Promise<BalanceRefundView> {
    const parts = await this.refunds.partsOf(refund.id);
    return {
      refundId: refund.id,
      cardId: refund.cardId,
      principalFen: refund.principalFen,
      bonusForfeitedFen: refund.bonusForfeitedFen,
      status: refund.status,
      parts: parts.map((p) => ({ channel: p.channel, amountFen: p.amountFen, status: p.status })),
      calculation:
        refund.rule === null
          ? null
          : {
              rule: refund.rule,
              paidFen: refund.paidFen,
              bonusGrantedFen: refund.bonusGrantedFen,
              consumedFen: refund.consumedFen,
              consumedPrincipalFen: refund.consumedPrincipalFen,
              refundFen: refund.principalFen,
              bonusForfeitedFen: refund.bonusForfeitedFen,
            },
      createdAt: refund.createdAt.toISOString(),
    };
  }

  private async send(part: RefundPartEntity): Promise<void> {
    let state: RefundState;
    try {
      state = await this.channels.get(part.channel).refund({
        outTradeNo: part.outTradeNo,
        outRefundNo: part.outRefundNo,
        refundFen: part.amountFen,
        totalFen: part.orderTotalFen,
        reason: '会员卡余额退款',
        notifyUrl: `${this.config.publicBaseUrl}/payments/notify/${part.channel.toLowerCase()}`,
      });
    } catch (error) {
      // the part stays PROCESSING: asked again when the consumer looks, confirmed by the channel's notification
      if (!(error instanceof ChannelUnavailableError)) throw error;
      this.logger.warn(`refund ${part.outRefundNo}: ${part.channel} unavailable; will ask again`);
      return;
    }
    try {
      await this.record(part, state);
    } catch (error) {
      // Compensation: the channel has acted but its word is not recorded. Nothing is undone there: the refund
      // number is the channel's idempotency key, so the part stays PROCESSING and the next query, notification or
      // reconciliation records the same answer (the refund itself committed before the channel was asked).
      this.logger.error(`refund ${part.outRefundNo}: ${part.channel} answered ${state.kind} but recording it failed (${(error as Error).message}); the part stays PROCESSING`);
    }
  }

  private async record(part: RefundPartEntity, state: RefundState): Promise<void> {
    if (state.kind === 'PROCESSING' || state.kind === 'UNKNOWN') return;
    const refundClearing = await this.accounts.refundClearing();
    const channelClearing = await this.accounts.topUpClearing(part.channel);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      if (state.kind === 'FAILED') {
        if (await this.refunds.failPartIfProcessing(em, part.id, now)) this.logger.error(`refund ${part.outRefundNo} FAILED at ${part.channel}: ${state.reason}; the money stays in refund clearing for an operator`);
      } else {
        if (!(await this.refunds.succeedPartIfProcessing(em, part.id, state.channelRefundNo, now))) return;
        await this.ledger.postInTransaction(em, {
          operationId: `refund-paid:${part.id}`,
          kind: 'REFUND_PAID',
          legs: [{ debitAccountId: refundClearing, creditAccountId: channelClearing, amount: part.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }],
        });
      }
      await this.refunds.rollUpStatus(em, part.cardRefundId, now);
    });
  }
}
