import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canMerchantOperate, type CouponClaimPreview, type CouponTemplateView, type CouponView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import { IdentityRepository } from '../auth/identity.repository';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { deviceIdOf } from '../common/device-id';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';
import { RiskService } from '../risk/risk.service';
import { WebhookOutbox, type WebhookEvent } from '../webhooks/webhook-outbox';
import { CouponClaimLinks } from './coupon-claim-links';
import { couponValidity, issueRefusal, normalizeTemplate } from './coupon-rules';
import { couponView, termsOf } from './coupon-views';
import { CouponsRepository, type Coupon, type CouponTemplate } from './coupons.repository';
import type { CouponTemplateDto, IssueCouponDto } from './marketing.dto';

/** One grant of one coupon: to whom, under which idempotency key, and who is giving it. */
interface Grant {
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
 * Coupon templates and the two ways a coupon is granted in this slice: issued by hand from the back office to one
 * member, or claimed from a template's signed link. A grant takes one off the template's quantity with a guarded
 * UPDATE, then checks the consumer's own limit, in one transaction with the coupon row and its audit entry.
 */
@Injectable()
export class CouponsService {
  constructor(
    private readonly coupons: CouponsRepository,
    private readonly merchants: MerchantsService,
    private readonly merchantRecords: MerchantsRepository,
    private readonly identities: IdentityRepository,
    private readonly cards: CardsRepository,
    private readonly links: CouponClaimLinks,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly outbox: WebhookOutbox,
    private readonly risk: RiskService,
  ) {}

  async createTemplate(staff: StaffPrincipal, input: CouponTemplateDto): Promise<CouponTemplateView> {
    await this.merchants.requireOperating(staff);
    const rules = normalizeTemplate(input);
    await this.merchants.requireOwnStores(undefined, staff.merchantId, input.storeIds);
    const now = this.clock.now();
    const template: CouponTemplate = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      ...rules,
      storeIds: [...new Set(input.storeIds)],
      perConsumerLimit: input.perConsumerLimit,
      totalQuantity: input.totalQuantity,
      issuedCount: 0,
      status: 'ACTIVE',
      createdBy: staff.staffId,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await this.coupons.insertTemplate(em, template);
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'coupon_template.created',
        targetType: 'coupon_template',
        targetId: template.id,
        detail: { name: template.name, totalQuantity: template.totalQuantity },
      });
    });
    return this.templateView(template);
  }

  async listTemplates(staff: StaffPrincipal): Promise<CouponTemplateView[]> {
    return (await this.coupons.templatesOf(staff.merchantId)).map((t) => this.templateView(t));
  }

  async getTemplate(staff: StaffPrincipal, templateId: string): Promise<CouponTemplateView> {
    return this.templateView(await this.ownTemplate(staff.merchantId, templateId));
  }

  /** Stops issuing (and its claim link); coupons already held stay usable. */
  async stopTemplate(staff: StaffPrincipal, templateId: string): Promise<CouponTemplateView> {
    await this.merchants.requireOperating(staff);
    const template = await this.ownTemplate(staff.merchantId, templateId);
    await this.tx.run(async (em) => {
      if (!(await this.coupons.stopTemplate(em, staff.merchantId, template.id, this.clock.now()))) throw new DomainError('COUPON_TEMPLATE_STOPPED');
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'coupon_template.stopped', targetType: 'coupon_template', targetId: template.id });
    });
    return this.templateView((await this.coupons.template(template.id))!);
  }

  /** Issues one coupon to a member of this merchant, found by phone or card number; a repeated request number returns the first coupon. */
  async issue(staff: StaffPrincipal, templateId: string, input: IssueCouponDto): Promise<CouponView> {
    const merchant = await this.merchants.requireOperating(staff);
    return this.issueTo(merchant, { issuedBy: staff.staffId, grantKey: `issue:${input.requestNo}` }, templateId, input);
  }

  /**
   * The same issue from a merchant's server (open API): `grantKey` is its idempotency key, already bound to this
   * request merchant-wide; the server is audited as the system with its key in the detail, as a POS sale is.
   */
  async issueByKey(key: { merchantId: string; appKey: string }, templateId: string, input: Omit<IssueCouponDto, 'requestNo'>, grantKey: string): Promise<CouponView> {
    const merchant = await this.merchantRecords.merchantById(key.merchantId);
    if (!merchant || !canMerchantOperate(merchant.status)) throw new DomainError(merchant?.status === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED');
    return this.issueTo(merchant, { issuedBy: null, operator: key.appKey, grantKey }, templateId, input);
  }

  private async issueTo(
    merchant: { id: string; displayName: string },
    by: { issuedBy: string | null; operator?: string; grantKey: string },
    templateId: string,
    input: Omit<IssueCouponDto, 'requestNo'>,
  ): Promise<CouponView> {
    if (!input.phone === !input.cardNo) {
      const message = { en: 'give exactly one of phone and cardNo', zh: '请填写会员手机号或卡号（二选一）' };
      throw new DomainError('VALIDATION_FAILED', 'phone', { phone: [message.en] }, undefined, { phone: [message.zh] });
    }
    const template = await this.ownTemplate(merchant.id, templateId);
    const consumerId = await this.memberOf(merchant.id, input);
    const cardNo = input.cardNo ?? (await this.cardNoOf(consumerId, merchant.id));
    const coupon = await this.grant({ template, consumerId, source: 'ISSUED', cardNo, ...by }, (earlier) => {
      if (earlier.consumerId !== consumerId) throw new DomainError('IDEMPOTENCY_KEY_REUSED', `request ${by.grantKey}`);
    });
    return this.couponView(coupon, template, merchant.displayName);
  }

  /** What a claim link offers; a forged token is refused as invalid, a link of another template cannot be made. */
  async preview(token: string): Promise<CouponClaimPreview> {
    const template = await this.templateOfLink(token);
    const merchant = await this.merchantRecords.merchantById(template.merchantId);
    return {
      templateId: template.id,
      merchantName: merchant?.displayName ?? '',
      name: template.name,
      description: template.description,
      ...termsOf(template),
      validFrom: template.validFrom?.toISOString() ?? null,
      validUntil: template.validUntil?.toISOString() ?? null,
      validDays: template.validDays,
      remaining: Math.max(0, template.totalQuantity - template.issuedCount),
      status: template.status,
    };
  }

  /**
   * A consumer claims one coupon from a link: one per consumer per template (a second claim is refused). Risk control
   * decides first (docs/risk.md: claimants per device); a review lets the claim through and opens a case.
   */
  async claim(consumer: ConsumerPrincipal, token: string, deviceHeader?: string): Promise<CouponView> {
    const template = await this.templateOfLink(token);
    const merchant = await this.merchantRecords.merchantById(template.merchantId);
    if (!merchant || !canMerchantOperate(merchant.status)) throw new DomainError(merchant?.status === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED');
    const deviceId = deviceIdOf(deviceHeader);
    const grantKey = `claim:${consumer.consumerId}`;
    if (!(await this.coupons.couponByGrant(template.id, grantKey))) {
      await this.risk.decide({
        kind: 'COUPON_CLAIM',
        id: `claim:${createHash('sha256').update(`${template.id}:${consumer.consumerId}`).digest('hex').slice(0, 40)}`,
        consumerId: consumer.consumerId,
        cardId: null,
        merchantId: merchant.id,
        productId: null,
        amountFen: template.kind === 'AMOUNT_OFF' ? (template.amountOffFen ?? 0) : 0,
        deviceId,
      });
    }
    const cardNo = await this.cardNoOf(consumer.consumerId, merchant.id);
    const grant: Grant = { template, consumerId: consumer.consumerId, grantKey, source: 'CLAIMED', issuedBy: null, cardNo, deviceId };
    const coupon = await this.grant(grant, () => {
      throw new DomainError('COUPON_ALREADY_CLAIMED');
    });
    return this.couponView(coupon, template, merchant.displayName);
  }

  /** The consumer's coupons of every merchant, newest first. */
  async mine(consumer: ConsumerPrincipal): Promise<CouponView[]> {
    const held = await this.coupons.couponsOfConsumer(consumer.consumerId);
    const names = await this.merchantRecords.merchantsByIds([...new Set(held.map((h) => h.coupon.merchantId))]);
    return held.map(({ coupon, template }) => this.couponView(coupon, template, names.get(coupon.merchantId)?.displayName ?? ''));
  }

  async mineOne(consumer: ConsumerPrincipal, couponId: string): Promise<CouponView> {
    const held = await this.coupons.couponOfConsumer(consumer.consumerId, couponId);
    if (!held) throw new DomainError('COUPON_NOT_FOUND');
    const merchant = await this.merchantRecords.merchantById(held.coupon.merchantId);
    return this.couponView(held.coupon, held.template, merchant?.displayName ?? '');
  }

  /**
   * One grant in one transaction: the quantity first (guarded UPDATE; on MariaDB its row lock queues the template's
   * other grants), then the consumer's limit read after it, then the coupon and its audit row. A grant key seen
   * before is answered by `onRepeat` (the first coupon, or a refusal); two repeats racing meet the unique key.
   */
  private async grant(grant: Grant, onRepeat: (earlier: Coupon) => void): Promise<Coupon> {
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
      return await this.tx.run(async (em) => {
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
          action: grant.source === 'ISSUED' ? 'coupon.issued' : 'coupon.claimed',
          targetType: 'coupon_template',
          targetId: grant.template.id,
          detail: { couponId: coupon.id, ...(grant.operator ? { operator: grant.operator } : {}) },
        });
        return coupon;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // the same grant key committed a moment earlier: answer as a repeat; otherwise the limit's backstop held
      const first = await repeat();
      if (first) return first;
      throw new DomainError('COUPON_LIMIT_REACHED');
    }
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

  /** A member of this merchant: a consumer holding one of its cards. Anyone else reads as not found. */
  private async memberOf(merchantId: string, input: Pick<IssueCouponDto, 'phone' | 'cardNo'>): Promise<string> {
    if (input.cardNo) {
      const card = await this.cards.findByCardNo(input.cardNo);
      if (!card || card.merchantId !== merchantId) throw new DomainError('MEMBER_NOT_FOUND');
      return card.consumerId;
    }
    const consumer = await this.identities.consumerByIdentity({ phone: input.phone! });
    const cards = consumer ? await this.cards.listOfConsumer(consumer.id) : [];
    if (!consumer || !cards.some((card) => card.merchantId === merchantId)) throw new DomainError('MEMBER_NOT_FOUND');
    return consumer.id;
  }

  private async ownTemplate(merchantId: string, templateId: string): Promise<CouponTemplate> {
    const template = await this.coupons.template(templateId, merchantId);
    if (!template) throw new DomainError('COUPON_TEMPLATE_NOT_FOUND');
    return template;
  }

  private async templateOfLink(token: string): Promise<CouponTemplate> {
    const templateId = this.links.templateOf(token);
    const template = templateId ? await this.coupons.template(templateId) : null;
    if (!template) throw new DomainError('COUPON_CLAIM_INVALID');
    return template;
  }

  private templateView(t: CouponTemplate): CouponTemplateView {
    return {
      id: t.id,
      merchantId: t.merchantId,
      name: t.name,
      description: t.description,
      ...termsOf(t),
      validFrom: t.validFrom?.toISOString() ?? null,
      validUntil: t.validUntil?.toISOString() ?? null,
      validDays: t.validDays,
      storeIds: t.storeIds,
      perConsumerLimit: t.perConsumerLimit,
      totalQuantity: t.totalQuantity,
      issuedCount: t.issuedCount,
      status: t.status,
      claimToken: this.links.tokenFor(t.id),
      createdAt: t.createdAt.toISOString(),
    };
  }

  private couponView(c: Coupon, t: CouponTemplate, merchantName: string): CouponView {
    return couponView(c, t, merchantName, this.clock.now());
  }

  /** Every grant's coupon.issued event, written in the grant's own transaction (`em`) beside the coupon row. */
  async recordIssued(em: EntityManager, coupon: Coupon, template: CouponTemplate, cardNo: string | null): Promise<void> {
    await this.outbox.record(em, issuedEvent(coupon, template, cardNo));
  }

  /** The member's earliest card of this merchant, named by the coupon.issued event; null when they hold none. */
  private async cardNoOf(consumerId: string, merchantId: string): Promise<string | null> {
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
