import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { WebhookOutbox, type WebhookEvent } from '../webhooks/webhook-outbox';
import { couponValidity, issueRefusal } from './coupon-rules';
import { termsOf } from './coupon-views';
import { CouponsRepository, type Coupon, type CouponTemplate } from './coupons.repository';

const AUDIT_ACTIONS: Record<Coupon['source'], string> = { ISSUED: 'coupon.issued', CLAIMED: 'coupon.claimed', EXCHANGED: 'coupon.exchanged' };

/** One grant of one coupon: to whom, under which idempotency key, and who is giving it. */
export interface Grant {
  template: CouponTemplate;
  consumerId: string;
  grantKey: string;
  source: Coupon['source'];
  issuedBy: string | null;
  /** A merchant's server issuing (issuedBy null): its key, for the audit row. */
  operator?: string;
  /** The holder's card of this merchant the coupon.issued event names (the one it was issued by, else their earliest). */
  cardNo: string | null;
  /** A claim's X-Device-Id. */
  deviceId?: string | null;
}

/**
 * How a coupon comes to be (docs/marketing.md, "Issue and claim"): one grant in one transaction — the template's
 * quantity by a guarded UPDATE, the consumer's limit, the coupon row, its audit entry and its coupon.issued event — for
 * the back office's issue, a claim from a link, and a campaign's reward inside the top-up's own transaction.
 */
@Injectable()
export class CouponGrants {
  constructor(
    private readonly coupons: CouponsRepository,
    private readonly cards: CardsRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly outbox: WebhookOutbox,
  ) {}

  /**
   * One grant in one transaction: the quantity first (guarded UPDATE; on MariaDB its row lock queues the template's
   * other grants), then the consumer's limit read after it, then the coupon and its audit row. A grant key seen
   * before is answered by `onRepeat` (the first coupon, or a refusal); two repeats racing meet the unique key.
   */
  async grant(grant: Grant, onRepeat: (earlier: Coupon) => void): Promise<Coupon> {
    const repeat = async (): Promise<Coupon | null> => {
      const earlier = await this.coupons.couponByGrant(grant.template.id, grant.grantKey);
      if (earlier) onRepeat(earlier);
      return earlier;
    };
    const earlier = await repeat();
    if (earlier) return earlier;
    const now = this.clock.now();
    const refusal = issueRefusal(grant.template, now);
    if (refusal) throw new DomainError(refusal);
    try {
      return await this.tx.run((em) => this.grantWithin(em, grant, now));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // the same grant key committed a moment earlier: answer as a repeat; otherwise the limit's backstop held
      const first = await repeat();
      if (first) return first;
      throw new DomainError('COUPON_LIMIT_REACHED');
    }
  }

  /**
   * The grant's writes inside the caller's transaction (`em`): the quantity, the limit, the coupon, its audit row
   * and its event; a refusal is thrown (COUPON_SOLD_OUT, COUPON_TEMPLATE_STOPPED, COUPON_LIMIT_REACHED) and takes the
   * caller's other writes back with it — a points exchange pays its points in the same transaction.
   */
  async grantWithin(em: EntityManager, grant: Grant, now: Date): Promise<Coupon> {
    if (!(await this.coupons.takeOne(em, grant.template.id, now))) {
      const current = await this.coupons.template(grant.template.id, undefined, em);
      throw new DomainError(current?.status === 'ACTIVE' ? 'COUPON_SOLD_OUT' : 'COUPON_TEMPLATE_STOPPED');
    }
    const held = await this.coupons.heldCount(em, grant.template.id, grant.consumerId);
    if (held >= grant.template.perConsumerLimit) throw new DomainError('COUPON_LIMIT_REACHED');
    const coupon: Coupon = {
      id: this.ids.uuid(),
      templateId: grant.template.id,
      merchantId: grant.template.merchantId,
      consumerId: grant.consumerId,
      ordinal: held + 1,
      grantKey: grant.grantKey,
      source: grant.source,
      ...couponValidity(grant.template, now),
      status: 'AVAILABLE',
      redemptionId: null,
      usedAt: null,
      issuedBy: grant.issuedBy,
      issuedAt: now,
      deviceId: grant.deviceId ?? null,
    };
    await this.coupons.insertCoupon(em, coupon);
    await this.recordIssued(em, coupon, grant.template, grant.cardNo);
    await this.audit.record(em, {
      actorType: grant.issuedBy ? 'staff' : grant.operator ? 'system' : 'consumer',
      actorId: grant.issuedBy ?? (grant.operator ? null : grant.consumerId),
      action: AUDIT_ACTIONS[grant.source],
      targetType: 'coupon_template',
      targetId: grant.template.id,
      detail: { couponId: coupon.id, ...(grant.operator ? { operator: grant.operator } : {}) },
    });
    return coupon;
  }

  /**
   * A campaign's coupon, granted inside the transaction that credits the top-up it rewards: null when none can be
   * given now (stopped, ended, sold out), never a refusal thrown, so the top-up is credited either way. The
   * campaign's own budget bounds these; the per-consumer limit is for issues and claims.
   */
  async grantForTopUp(em: EntityManager, templateId: string, merchantId: string, consumerId: string, grantKey: string): Promise<Coupon | null> {
    const template = await this.coupons.template(templateId, merchantId, em);
    const now = this.clock.now();
    if (!template || issueRefusal(template, now)) return null;
    const earlier = await this.coupons.couponByGrant(template.id, grantKey, em);
    if (earlier) return earlier;
    if (!(await this.coupons.takeOne(em, template.id, now))) return null;
    const held = await this.coupons.heldCount(em, template.id, consumerId);
    const coupon: Coupon = {
      id: this.ids.uuid(),
      templateId: template.id,
      merchantId,
      consumerId,
      ordinal: held + 1,
      grantKey,
      source: 'ISSUED',
      ...couponValidity(template, now),
      status: 'AVAILABLE',
      redemptionId: null,
      usedAt: null,
      issuedBy: null,
      issuedAt: now,
      deviceId: null,
    };
    await this.coupons.insertCoupon(em, coupon);
    await this.recordIssued(em, coupon, template, await this.cardNoOf(consumerId, merchantId));
    return coupon;
  }

  /** Every grant's coupon.issued event, written in the grant's own transaction (`em`) beside the coupon row. */
  async recordIssued(em: EntityManager, coupon: Coupon, template: CouponTemplate, cardNo: string | null): Promise<void> {
    await this.outbox.record(em, issuedEvent(coupon, template, cardNo));
  }

  /** The member's earliest card of this merchant, named by the coupon.issued event; null when they hold none. */
  async cardNoOf(consumerId: string, merchantId: string): Promise<string | null> {
    const cards = (await this.cards.listOfConsumer(consumerId)).filter((card) => card.merchantId === merchantId);
    return cards.at(-1)?.cardNo ?? null;
  }
}

function issuedEvent(coupon: Coupon, template: CouponTemplate, cardNo: string | null): WebhookEvent<'coupon.issued'> {
  return {
    merchantId: coupon.merchantId,
    type: 'coupon.issued',
    subjectId: coupon.id,
    occurredAt: coupon.issuedAt,
    data: {
      couponId: coupon.id,
      templateId: template.id,
      name: template.name,
      ...termsOf(template),
      source: coupon.source,
      cardNo,
      validFrom: coupon.validFrom.toISOString(),
      validUntil: coupon.validUntil.toISOString(),
      issuedAt: coupon.issuedAt.toISOString(),
    },
  };
}

