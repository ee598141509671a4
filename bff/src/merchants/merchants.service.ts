import { Injectable } from '@nestjs/common';
import {
  canManageMerchant,
  canMerchantOperate,
  canSubmitKyc,
  type KycSubmission,
  type MerchantStatus,
  type MerchantSummary,
  type MerchantView,
  type StaffView,
  type StoreView,
} from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { IdentityRepository, type StaffAccount } from '../auth/identity.repository';
import { FilesService } from '../files/files.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { OperatorPrincipal, StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import type { CreateStaffDto, CreateStoreDto, RegisterMerchantDto, ReviewDto } from './merchants.dto';
import { MerchantsRepository, type Merchant, type Store } from './merchants.repository';

export const DEFAULT_FEE_RATE_BPS = 60;

@Injectable()
export class MerchantsService {
  constructor(
    private readonly merchants: MerchantsRepository,
    private readonly identities: IdentityRepository,
    private readonly tx: TransactionRunner,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: FilesService,
  ) {}

  /** A merchant signs up: the merchant (DRAFT) and its owner account are created together. */
  async register(input: RegisterMerchantDto): Promise<MerchantView> {
    const now = this.clock.now();
    const merchant: Merchant = {
      id: this.ids.uuid(),
      displayName: input.displayName,
      status: 'DRAFT',
      kyc: null,
      rejectReason: null,
      feeRateBps: null,
      paymentChannels: null,
      reviewedBy: null,
      reviewedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const owner: StaffAccount = {
      id: this.ids.uuid(),
      merchantId: merchant.id,
      username: input.username,
      passwordHash: await this.passwords.hash(input.password),
      displayName: input.displayName,
      role: 'OWNER',
      storeIds: [],
      active: true,
      createdAt: now,
    };
    try {
      await this.tx.run(async (em) => {
        await this.merchants.insertMerchant(em, merchant);
        await this.identities.insertStaff(em, owner);
        await this.audit.record(em, { actorType: 'staff', actorId: owner.id, action: 'merchant.register', targetType: 'merchant', targetId: merchant.id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('USERNAME_TAKEN');
      throw error;
    }
    return toMerchantView(merchant);
  }

  /** Fields by role: the KYC (legal representative, settlement account, contact phone) is for owners and managers. */
  async mine(staff: StaffPrincipal): Promise<MerchantView | MerchantSummary> {
    const merchant = await this.load(staff.merchantId);
    if (canManageMerchant(staff.role)) return this.withDocuments(merchant);
    return { id: merchant.id, displayName: merchant.displayName, status: merchant.status };
  }

  async submitKyc(staff: StaffPrincipal, kyc: KycSubmission): Promise<MerchantView> {
    const merchant = await this.load(staff.merchantId);
    if (!canSubmitKyc(merchant.status)) throw new DomainError('MERCHANT_STATE_INVALID', `status is ${merchant.status}`);
    await this.files.requireOwn(merchant.id, kyc.businessLicenceFileId, 'BUSINESS_LICENCE', 'businessLicenceFileId');
    await this.files.requireOwn(merchant.id, kyc.legalRepIdFileId, 'LEGAL_REP_ID', 'legalRepIdFileId');
    await this.tx.run(async (em) => {
      if (!(await this.merchants.submitKyc(em, merchant.id, kyc, this.clock.now()))) throw new DomainError('MERCHANT_STATE_INVALID');
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'merchant.kyc_submitted', targetType: 'merchant', targetId: merchant.id });
    });
    return this.withDocuments(await this.load(merchant.id));
  }

  async listForOperator(status: MerchantStatus | undefined): Promise<MerchantView[]> {
    return (await this.merchants.merchantsByStatus(status, 200)).map((m) => this.withDocuments(m));
  }

  /** Operator decision on a submitted KYC; only a merchant waiting for review can be decided on. */
  async review(operator: OperatorPrincipal, merchantId: string, decision: ReviewDto): Promise<MerchantView> {
    await this.load(merchantId);
    const at = this.clock.now();
    const outcome =
      decision.decision === 'APPROVE'
        ? { decision: 'APPROVE' as const, feeRateBps: decision.feeRateBps ?? DEFAULT_FEE_RATE_BPS, operatorId: operator.operatorId, at }
        : { decision: 'REJECT' as const, reason: decision.reason ?? '', operatorId: operator.operatorId, at };
    await this.tx.run(async (em) => {
      if (!(await this.merchants.review(em, merchantId, outcome))) throw new DomainError('MERCHANT_STATE_INVALID', 'only a merchant pending review can be decided');
      await this.audit.record(em, {
        actorType: 'operator',
        actorId: operator.operatorId,
        action: decision.decision === 'APPROVE' ? 'merchant.approved' : 'merchant.rejected',
        targetType: 'merchant',
        targetId: merchantId,
        detail: { reason: decision.reason ?? null, feeRateBps: decision.feeRateBps ?? null },
      });
    });
    return this.withDocuments(await this.load(merchantId));
  }

  async createStore(staff: StaffPrincipal, input: CreateStoreDto): Promise<StoreView> {
    await this.requireOperating(staff);
    const store: Store = { id: this.ids.uuid(), merchantId: staff.merchantId, name: input.name, address: input.address, createdAt: this.clock.now() };
    await this.tx.run(async (em) => {
      await this.merchants.insertStore(em, store);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'store.created', targetType: 'store', targetId: store.id });
    });
    return toStoreView(store);
  }

  async listStores(merchantId: string): Promise<StoreView[]> {
    return (await this.merchants.storesOf(merchantId)).map(toStoreView);
  }

  async createStaff(staff: StaffPrincipal, input: CreateStaffDto): Promise<StaffView> {
    await this.requireOperating(staff);
    // owners appoint managers; managers (and owners) appoint cashiers
    if (input.role === 'MANAGER' && staff.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'only the owner appoints managers');
    await this.requireOwnStores(undefined, staff.merchantId, input.storeIds);
    const member: StaffAccount = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      username: input.username,
      passwordHash: await this.passwords.hash(input.password),
      displayName: input.displayName,
      role: input.role,
      storeIds: [...new Set(input.storeIds)],
      active: true,
      createdAt: this.clock.now(),
    };
    try {
      await this.tx.run(async (em) => {
        await this.identities.insertStaff(em, member);
        await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'staff.created', targetType: 'staff', targetId: member.id, detail: { role: member.role } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('USERNAME_TAKEN');
      throw error;
    }
    return toStaffView(member);
  }

  async staffMember(staff: StaffPrincipal): Promise<StaffView> {
    const member = await this.identities.staffById(staff.staffId, staff.merchantId);
    if (!member) throw new DomainError('UNAUTHENTICATED');
    return toStaffView(member);
  }

  async listStaff(merchantId: string): Promise<StaffView[]> {
    return (await this.identities.staffOfMerchant(merchantId)).map(toStaffView);
  }

  /** Refuses store ids that are not this merchant's — the same answer whether they exist elsewhere or not. */
  async requireOwnStores(em: EntityManager | undefined, merchantId: string, storeIds: string[]): Promise<void> {
    if (storeIds.length === 0) return;
    const unique = [...new Set(storeIds)];
    const found = await this.merchants.countOwnStores(em, merchantId, unique);
    if (found !== unique.length) throw new DomainError('STORE_NOT_FOUND');
  }

  async requireOperating(staff: StaffPrincipal): Promise<Merchant> {
    if (!canManageMerchant(staff.role)) throw new DomainError('FORBIDDEN');
    const merchant = await this.load(staff.merchantId);
    if (!canMerchantOperate(merchant.status)) throw new DomainError('MERCHANT_NOT_APPROVED', `status is ${merchant.status}`);
    return merchant;
  }

  /** The view with short-lived links to the KYC images: only for owners, managers and operators. */
  private withDocuments(m: Merchant): MerchantView {
    const kyc = m.kyc;
    // submissions from before images were required have none
    const kycDocuments =
      kyc?.businessLicenceFileId && kyc.legalRepIdFileId
        ? { businessLicenceUrl: this.files.linkTo(kyc.businessLicenceFileId, 'BUSINESS_LICENCE'), legalRepIdUrl: this.files.linkTo(kyc.legalRepIdFileId, 'LEGAL_REP_ID') }
        : null;
    return { ...toMerchantView(m), kycDocuments };
  }

  private async load(merchantId: string): Promise<Merchant> {
    const merchant = await this.merchants.merchantById(merchantId);
    if (!merchant) throw new DomainError('NOT_FOUND', 'merchant');
    return merchant;
  }
}

export function toMerchantView(m: Merchant): MerchantView {
  return {
    id: m.id,
    displayName: m.displayName,
    status: m.status,
    kyc: m.kyc,
    rejectReason: m.rejectReason,
    feeRateBps: m.feeRateBps,
    kycDocuments: null,
    createdAt: m.createdAt.toISOString(),
  };
}

function toStoreView(s: Store): StoreView {
  return { id: s.id, merchantId: s.merchantId, name: s.name, address: s.address };
}

function toStaffView(s: StaffAccount): StaffView {
  return { id: s.id, merchantId: s.merchantId, username: s.username, displayName: s.displayName, role: s.role, storeIds: s.storeIds };
}
