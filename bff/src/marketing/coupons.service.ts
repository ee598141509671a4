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
import { TransactionRunner } from '../database/transaction-runner';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';
import { RiskService } from '../risk/risk.service';
import { CouponClaimLinks } from './coupon-claim-links';
import { CouponGrants, type Grant } from './coupon-grants';
import { normalizeTemplate } from './coupon-rules';
import { couponView, termsOf } from './coupon-views';
import { CouponsRepository, type Coupon, type CouponTemplate } from './coupons.repository';
import type { CouponTemplateDto, IssueCouponDto } from './marketing.dto';


/**
 * Coupon templates and the two ways a coupon is granted in this slice: issued by hand from the back office to one
 * member, or claimed from a template's signed link (risk control deciding first). Each grant itself is one transaction
 * of CouponGrants: the quantity by a guarded UPDATE, the consumer's limit, the coupon row, its audit entry and event.
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
    private readonly grants: CouponGrants,
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
    const cardNo = input.cardNo ?? (await this.grants.cardNoOf(consumerId, merchant.id));
    const coupon = await this.grants.grant({ template, consumerId, source: 'ISSUED', cardNo, ...by }, (earlier) => {
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
    // a second claim is refused before risk control counts it (the grant's own check still settles a race)
    if (await this.coupons.couponByGrant(template.id, grantKey)) throw new DomainError('COUPON_ALREADY_CLAIMED');
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
    const cardNo = await this.grants.cardNoOf(consumer.consumerId, merchant.id);
    const grant: Grant = { template, consumerId: consumer.consumerId, grantKey, source: 'CLAIMED', issuedBy: null, cardNo, deviceId };
    const coupon = await this.grants.grant(grant, () => {
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

}
