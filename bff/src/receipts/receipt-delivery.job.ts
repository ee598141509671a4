import { Injectable, Optional } from '@nestjs/common';
import type { ReceiptTemplatePurpose } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { IdentityRepository } from '../auth/identity.repository';
import { SmsSender } from '../auth/sms-sender';
import { CardHistoryService } from '../cards/card-history.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, type Fence } from '../jobs/leases';
import { renderReceipt, type ReceiptContent } from './receipt-content';
import { RECEIPT_EVENT_TYPES, receiptSourceOf } from './receipt-sources';
import { ReceiptsRepository, type ReceiptRow } from './receipts.repository';
import { WechatSubscribeClient } from './wechat-subscribe.client';

const READ_BATCH = 500;
const SEND_BATCH = 100;
/** Sends in flight at once (one card's receipts go one after another). */
const CONCURRENCY = 8;
/** A receipt whose sends never left (no connection, WeChat busy) is tried this often before it is given up. */
const MAX_ATTEMPTS = 5;
/**
 * No transaction that writes the outbox runs this long, so once a seq was the highest visible this long ago, no
 * lower one can still commit: the floor may pass it (auto-increment seqs commit out of order; a gap is either a
 * transaction still open or one rolled back).
 */
export const SETTLE_MS = 30_000;
/** The page a receipt opens in the mini-program. */
const RECEIPT_PAGE = 'pages/cards/index';

/**
 * Receipts to consumers under the `receipt-delivery` lease, a second reader of the webhook outbox (docs/receipts.md):
 * 1. read: every top-up, sale and reversal message above the floor without a receipt becomes a PENDING receipt
 *    (unique on the message) in the same fenced transaction that moves the floor;
 * 2. send: each PENDING receipt is marked SENDING (with its channel and content) BEFORE it goes out, then SENT,
 *    FAILED, or UNKNOWN when no answer came. A SENDING row left by a dead run becomes UNKNOWN and is never sent
 *    again: a receipt is sent at most once, because neither WeChat's subscribeMessage.send nor SMS deduplicates.
 * WeChat when the consumer holds a one-time subscription to the template; otherwise, and after WeChat refuses
 * (43101: not subscribed or used up), an SMS to the consumer's phone; neither → SKIPPED.
 */
@Injectable()
export class ReceiptDeliveryJob extends LeasedJobProvider {
  constructor(
    tx: TransactionRunner,
    private readonly repository: ReceiptsRepository,
    private readonly history: CardHistoryService,
    private readonly identities: IdentityRepository,
    private readonly wechat: WechatSubscribeClient,
    private readonly sms: SmsSender,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('receipt-delivery', tx, leases, () => config.RECEIPT_DELIVERY_INTERVAL_MS);
  }

  /** One run; resolves to how many receipts it sent or settled. */
  protected async work(fence: Fence): Promise<number> {
    await fence.run((em) => this.repository.abandonInFlight(em, this.clock.now()));
    let read = READ_BATCH;
    while (read === READ_BATCH) read = await fence.run((em) => this.read(em));
    const pending = await this.repository.pendingReceipts(SEND_BATCH);
    // one card's receipts in order (a top-up's before the sale it paid for), different cards side by side
    const byCard = new Map<string, ReceiptRow[]>();
    for (const receipt of pending) byCard.set(receipt.cardId, [...(byCard.get(receipt.cardId) ?? []), receipt]);
    const queues = [...byCard.values()];
    const lane = async (): Promise<void> => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) for (const receipt of queue) await this.deliver(fence, receipt);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return pending.length;
  }

  /** One batch of new messages into PENDING receipts, and the floor moved; how many messages it took. */
  private async read(em: EntityManager): Promise<number> {
    const before = await this.repository.progress(em);
    const messages = await this.repository.messagesWithoutReceipt(em, before.floorSeq, RECEIPT_EVENT_TYPES, READ_BATCH);
    const rows = messages.flatMap((m) => {
      const source = receiptSourceOf(m.payload);
      return source ? [{ messageId: m.id, messageSeq: m.seq, eventType: m.eventType, cardId: source.cardId }] : [];
    });
    await this.repository.insertReceipts(em, rows, this.clock.now());
    // wall-clock time, like leases: the business clock is moved by tests and says nothing about open transactions
    const now = new Date();
    let after = before;
    if (now.getTime() - before.markAt.getTime() >= SETTLE_MS) {
      // every message up to the old mark has committed by now; a full batch may still leave some above its last seq
      const reached = messages.length === READ_BATCH ? Math.min(before.markSeq, messages[messages.length - 1]!.seq) : before.markSeq;
      after = { floorSeq: Math.max(before.floorSeq, reached), markSeq: await this.repository.lastMessageSeq(em), markAt: now };
    }
    if (after !== before) await this.repository.saveProgress(em, before, after);
    return messages.length;
  }

  private async deliver(fence: Fence, receipt: ReceiptRow): Promise<void> {
    const now = () => this.clock.now();
    const prepared = await this.prepare(receipt);
    if ('skip' in prepared) {
      await fence.run((em) => this.repository.settle(em, receipt.id, { status: prepared.status, error: prepared.skip }, now()));
      return;
    }
    const { consumerId, openid, phone, content } = prepared;
    const templateId = this.templateOf(content.purpose);
    const text = JSON.stringify(content);
    // the subscription is taken in the transaction that records the attempt, so it pays for exactly this one
    const viaWechat =
      openid !== null &&
      templateId !== null &&
      (await fence.run(async (em) => {
        if (!(await this.repository.takeSubscription(em, consumerId, templateId, now()))) return false;
        if (!(await this.repository.markSending(em, receipt.id, { status: 'PENDING' }, { consumerId, channel: 'WECHAT', templateId, content: text }, now()))) {
          throw new Error(`receipt ${receipt.id} is no longer PENDING: another writer outside the lease`);
        }
        return true;
      }));
    let refusal: string | null = null;
    if (viaWechat) {
      const result = await this.wechat.send({ touser: openid, templateId, page: RECEIPT_PAGE, data: content.wechat });
      switch (result.kind) {
        case 'sent':
          await fence.run((em) => this.repository.settle(em, receipt.id, { status: 'SENT' }, now()));
          return;
        case 'unknown':
          await fence.run((em) => this.repository.settle(em, receipt.id, { status: 'UNKNOWN', error: result.reason }, now()));
          return;
        case 'not_sent':
          // nothing left: the subscription goes back, and the receipt is tried again on a later run
          await fence.run(async (em) => {
            await this.repository.returnSubscription(em, consumerId, templateId, now());
            await this.repository.settle(em, receipt.id, receipt.attempts + 1 >= MAX_ATTEMPTS ? { status: 'FAILED', error: result.reason } : { status: 'PENDING', error: result.reason }, now());
          });
          return;
        case 'refused':
          refusal = String(result.errcode);
          this.logger.warn(`receipt ${receipt.id}: subscribeMessage.send refused (${result.errcode} ${result.errmsg}); falling back to SMS`);
          break;
      }
    }
    // Tencent Cloud sends approved templates only: without a receipt template there is no SMS to send
    const smsReady = this.config.SMS_SENDER !== 'tencent' || this.config.TENCENT_SMS_RECEIPT_TEMPLATE_ID !== undefined;
    if (phone === null || !smsReady) {
      await fence.run((em) => this.repository.settle(em, receipt.id, { status: refusal ? 'FAILED' : 'SKIPPED', wechatErrcode: refusal, error: phone === null ? 'no WeChat subscription and no phone number' : 'no SMS receipt template (TENCENT_SMS_RECEIPT_TEMPLATE_ID)' }, now()));
      return;
    }
    await fence.run(async (em) => {
      const from = refusal ? ({ status: 'SENDING', channel: 'WECHAT' } as const) : ({ status: 'PENDING' } as const);
      if (!(await this.repository.markSending(em, receipt.id, from, { consumerId, channel: 'SMS', templateId: this.config.TENCENT_SMS_RECEIPT_TEMPLATE_ID ?? null, content: text, wechatErrcode: refusal }, now()))) {
        throw new Error(`receipt ${receipt.id} changed meanwhile: another writer outside the lease`);
      }
    });
    try {
      await this.sms.send(phone, { ...content.sms, ...(this.config.TENCENT_SMS_RECEIPT_TEMPLATE_ID ? { templateId: this.config.TENCENT_SMS_RECEIPT_TEMPLATE_ID } : {}) });
      await fence.run((em) => this.repository.settle(em, receipt.id, { status: 'SENT' }, now()));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // SMS_UNAVAILABLE includes a timeout, after which the gateway may have sent it: never again, so UNKNOWN
      const status = error.code === 'SMS_UNAVAILABLE' ? 'UNKNOWN' : 'FAILED';
      await fence.run((em) => this.repository.settle(em, receipt.id, { status, error: `${error.code}: ${error.message}` }, now()));
    }
  }

  /** Who gets the receipt and what it says; `skip` when there is nothing to send. */
  private async prepare(receipt: ReceiptRow): Promise<{ consumerId: string; openid: string | null; phone: string | null; content: ReceiptContent } | { skip: string; status: 'FAILED' | 'SKIPPED' }> {
    const message = await this.repository.messagePayload(receipt.messageId);
    const source = message === null ? null : receiptSourceOf(message);
    if (!source) return { skip: 'the outbox message is gone', status: 'FAILED' };
    const found = await this.history.eventForReceipt(source.cardId, source.operationId);
    if (!found) return { skip: `no ledger operation ${source.operationId} on the card`, status: 'FAILED' };
    const consumer = await this.identities.consumerById(found.consumerId);
    if (!consumer) return { skip: 'the card holder is unknown', status: 'FAILED' };
    const content = renderReceipt({
      kind: source.kind,
      amountFen: source.amountFen,
      bonusFen: source.bonusFen,
      bonusForfeitedFen: source.bonusForfeitedFen ?? 0,
      merchantName: found.merchantName,
      storeName: found.event.storeName,
      occurredAt: new Date(found.event.occurredAt),
      balanceAfter: found.event.balanceAfter,
    });
    return { consumerId: consumer.id, openid: consumer.wechatOpenid, phone: consumer.phone, content };
  }

  private templateOf(purpose: ReceiptTemplatePurpose): string | null {
    switch (purpose) {
      case 'TOPUP':
        return this.config.WECHAT_RECEIPT_TEMPLATE_TOPUP ?? null;
      case 'BALANCE_CHANGE':
        return this.config.WECHAT_RECEIPT_TEMPLATE_BALANCE ?? null;
    }
  }
}
