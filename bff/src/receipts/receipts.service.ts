import { Injectable } from '@nestjs/common';
import type { ReceiptSubscriptionsView, ReceiptTemplates } from '@jucard/shared';
import type { ConsumerPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { ReceiptsRepository } from './receipts.repository';

/** The consumer's side of receipts: which subscriptions to ask for, and recording the ones they accepted. */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly repository: ReceiptsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  get templates(): ReceiptTemplates {
    return { TOPUP: this.config.WECHAT_RECEIPT_TEMPLATE_TOPUP ?? null, BALANCE_CHANGE: this.config.WECHAT_RECEIPT_TEMPLATE_BALANCE ?? null };
  }

  async subscriptions(consumer: ConsumerPrincipal): Promise<ReceiptSubscriptionsView> {
    return { templates: this.templates, remaining: Object.fromEntries(await this.repository.remainingOf(consumer.consumerId)) };
  }

  /** Each accepted one-time subscription lets one more receipt go by WeChat; another template id is refused. */
  async grant(consumer: ConsumerPrincipal, acceptedTemplateIds: string[]): Promise<ReceiptSubscriptionsView> {
    const known = new Set(Object.values(this.templates).filter((id): id is string => id !== null));
    const unknown = acceptedTemplateIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', 'unknown template id', { acceptedTemplateIds: [`not a receipt template: ${unknown.join(', ')}`] });
    // one wx.requestSubscribeMessage answer names a template once; a repeated id is one grant, not two
    const ids = [...new Set(acceptedTemplateIds)];
    if (ids.length > 0) await this.tx.run((em) => this.repository.grant(em, consumer.consumerId, ids, this.clock.now()));
    return this.subscriptions(consumer);
  }
}
