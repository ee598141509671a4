import { Injectable } from '@nestjs/common';
import { businessDayOf, DAY_MS, isBusinessDay, type AnnounceClosingRequest, type MerchantClosingNotice } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantClosingsRepository, type MerchantClosing } from './merchant-closings.repository';
import { MerchantsRepository } from './merchants.repository';

/**
 * A merchant closing down (docs/compliance.md §10, 单用途商业预付卡管理办法 Art. 22): the owner announces the day at
 * least CLOSING_NOTICE_DAYS ahead; from the notice on the merchant takes no prepayment (no top-up, no new card: 409
 * MERCHANT_CLOSING) and honours its cards until the day; from the day on its cards take no sale (409 MERCHANT_CLOSED)
 * and every balance is refunded (ClosingRefundsJob). Every holder sees the notice on the card. A notice can be
 * withdrawn while its day is ahead. An operator can announce or withdraw it for a merchant that cannot. Announcing and
 * withdrawing are audited.
 */
@Injectable()
export class MerchantClosingService {
  constructor(
    private readonly closings: MerchantClosingsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async current(staff: StaffPrincipal): Promise<MerchantClosingNotice | null> {
    return this.currentOf(staff.merchantId);
  }

  async currentOf(merchantId: string): Promise<MerchantClosingNotice | null> {
    const found = await this.closings.closingOf(merchantId);
    return found ? noticeOf(found) : null;
  }

  announce(staff: StaffPrincipal, request: AnnounceClosingRequest): Promise<MerchantClosingNotice> {
    return this.announceFor(staff.merchantId, { actorType: 'staff', actorId: staff.staffId }, request);
  }

  /**
   * The same notice announced by an operator for a merchant that cannot (its owner gone, a court's order): the same
   * notice period, the same effects, audited as the operator's.
   */
  async announceByOperator(operator: OperatorPrincipal, merchantId: string, request: AnnounceClosingRequest): Promise<MerchantClosingNotice> {
    if (!(await this.merchants.merchantById(merchantId))) throw new DomainError('NOT_FOUND', 'merchant');
    return this.announceFor(merchantId, { actorType: 'operator', actorId: operator.operatorId }, request);
  }

  private async announceFor(merchantId: string, actor: Actor, request: AnnounceClosingRequest): Promise<MerchantClosingNotice> {
    const now = this.clock.now();
    const days = this.config.CLOSING_NOTICE_DAYS;
    // Asia/Shanghai keeps no daylight saving: `days` × 24 h from now falls on the day `days` days ahead
    const earliest = businessDayOf(new Date(now.getTime() + days * DAY_MS));
    if (!isBusinessDay(request.closingDate)) throw invalid('closingDate must be a real YYYY-MM-DD day', '请选择有效的停业日期');
    if (request.closingDate < earliest) throw invalid(`closingDate must be ${days} days ahead at least (${earliest} or later)`, `停业须提前 ${days} 天公告：最早可选 ${earliest}`);
    const closing: MerchantClosing = { merchantId, closingDate: request.closingDate, reason: request.reason, announcedBy: actor.actorId, announcedAt: now };
    await this.tx.run(async (em) => {
      if (!(await this.closings.announce(em, closing))) throw new DomainError('MERCHANT_CLOSING_ANNOUNCED');
      await this.audit.record(em, { ...actor, action: 'merchant.closing_announced', targetType: 'merchant', targetId: merchantId, detail: { closingDate: closing.closingDate, reason: closing.reason } });
    });
    return noticeOf(closing);
  }

  withdraw(staff: StaffPrincipal): Promise<void> {
    return this.withdrawFor(staff.merchantId, { actorType: 'staff', actorId: staff.staffId });
  }

  withdrawByOperator(operator: OperatorPrincipal, merchantId: string): Promise<void> {
    return this.withdrawFor(merchantId, { actorType: 'operator', actorId: operator.operatorId });
  }

  private async withdrawFor(merchantId: string, actor: Actor): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      const found = await this.closings.closingOf(merchantId, em);
      if (!found) throw new DomainError('MERCHANT_CLOSING_NOT_FOUND');
      if (!(await this.closings.withdraw(em, merchantId, businessDayOf(now), now))) throw new DomainError('MERCHANT_CLOSED', 'the closing day has come: the notice can no longer be withdrawn');
      await this.audit.record(em, { ...actor, action: 'merchant.closing_withdrawn', targetType: 'merchant', targetId: merchantId, detail: { closingDate: found.closingDate } });
    });
  }
}

/** Who announced or withdrew a notice: the merchant's owner, or an operator for it. */
type Actor = { actorType: 'staff' | 'operator'; actorId: string };

export function noticeOf(c: MerchantClosing): MerchantClosingNotice {
  return { closingDate: c.closingDate, reason: c.reason, announcedAt: c.announcedAt.toISOString() };
}

function invalid(en: string, zh: string): DomainError {
  return new DomainError('VALIDATION_FAILED', en, { closingDate: [en] }, undefined, { closingDate: [zh] });
}
