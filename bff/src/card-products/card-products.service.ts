import { Injectable } from '@nestjs/common';
import { publicFileUrl, type CardProductView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { IdGenerator } from '../common/ids';
import { TransactionRunner } from '../database/transaction-runner';
import { ContractsService } from '../contracts/contracts.service';
import { FilesService } from '../files/files.service';
import { MerchantsRepository, type Merchant } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';
import { CardProductsRepository, type CardProduct } from './card-products.repository';
import { DEFAULT_COOLING_OFF_DAYS, DEFAULT_POINTS_VALID_YEARS, normalizeProductRules } from './card-product-rules';
import type { CardProductDto } from './card-products.dto';

@Injectable()
export class CardProductsService {
  constructor(
    private readonly products: CardProductsRepository,
    private readonly merchantRecords: MerchantsRepository,
    private readonly tx: TransactionRunner,
    private readonly merchants: MerchantsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly files: FilesService,
    private readonly config: AppConfig,
    private readonly contracts: ContractsService,
  ) {}

  async create(staff: StaffPrincipal, input: CardProductDto): Promise<CardProductView> {
    const merchant = await this.merchants.requireOperating(staff);
    const rules = normalizeProductRules(input, this.config.ANONYMOUS_CARD_MIN_VALIDITY_MONTHS);
    this.contracts.refuseVoidClauses(input.kind, { terms: input.terms, description: input.description });
    await this.merchants.requireOwnStores(undefined, staff.merchantId, input.storeIds);
    await this.requireOwnFaces(staff.merchantId, input);
    const now = this.clock.now();
    const product: CardProduct = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      ...fieldsOf(input),
      ...rules,
      coolingOffDays: input.coolingOffDays ?? DEFAULT_COOLING_OFF_DAYS,
      pointsValidYears: input.pointsValidYears ?? DEFAULT_POINTS_VALID_YEARS,
      status: 'ACTIVE',
      claimToken: this.ids.token(18),
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await this.products.insert(em, product);
      if (input.terms !== undefined) await this.contracts.publish(em, product.id, input.terms, staff.staffId);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'product.created', targetType: 'card_product', targetId: product.id });
    });
    return this.viewWithContract(product, merchant.displayName);
  }

  /** Edits an on-sale product. The kind is fixed once cards exist under it, so it cannot change here. */
  async update(staff: StaffPrincipal, productId: string, input: CardProductDto): Promise<CardProductView> {
    const merchant = await this.merchants.requireOperating(staff);
    const product = await this.ownProduct(staff.merchantId, productId);
    if (product.status !== 'ACTIVE') throw new DomainError('PRODUCT_NOT_ACTIVE');
    if (input.kind !== product.kind) {
      throw new DomainError('VALIDATION_FAILED', 'kind', { kind: ['the kind of an existing product cannot change'] });
    }
    const rules = normalizeProductRules(input, this.config.ANONYMOUS_CARD_MIN_VALIDITY_MONTHS);
    this.contracts.refuseVoidClauses(input.kind, { terms: input.terms, description: input.description });
    await this.merchants.requireOwnStores(undefined, staff.merchantId, input.storeIds);
    await this.requireOwnFaces(staff.merchantId, input);
    const kept = { coolingOffDays: input.coolingOffDays ?? product.coolingOffDays, pointsValidYears: input.pointsValidYears ?? product.pointsValidYears };
    const updated: CardProduct = { ...product, ...fieldsOf(input), ...rules, ...kept, updatedAt: this.clock.now() };
    await this.tx.run(async (em) => {
      await this.products.update(em, staff.merchantId, product.id, { ...fieldsOf(input), ...rules, ...kept, updatedAt: updated.updatedAt });
      if (input.terms !== undefined) await this.contracts.publish(em, product.id, input.terms, staff.staffId);
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'product.updated', targetType: 'card_product', targetId: product.id });
    });
    return this.viewWithContract(updated, merchant.displayName);
  }

  /** Stops selling a product; cards already claimed keep working. */
  async retire(staff: StaffPrincipal, productId: string): Promise<CardProductView> {
    const merchant = await this.merchants.requireOperating(staff);
    const product = await this.ownProduct(staff.merchantId, productId);
    await this.tx.run(async (em) => {
      await this.products.retire(em, staff.merchantId, product.id, this.clock.now());
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'product.retired', targetType: 'card_product', targetId: product.id });
    });
    return toProductView({ ...product, status: 'RETIRED' }, merchant.displayName);
  }

  async list(merchantId: string): Promise<CardProductView[]> {
    const merchant = await this.merchant(merchantId);
    const products = await this.products.listOfMerchant(merchantId);
    const contracts = await this.contracts.termsOf(products.map((p) => p.id));
    return products.map((p) => ({ ...toProductView(p, merchant.displayName), contract: contracts.get(p.id) ?? null }));
  }

  async get(merchantId: string, productId: string): Promise<CardProductView> {
    const merchant = await this.merchant(merchantId);
    return this.viewWithContract(await this.ownProduct(merchantId, productId), merchant.displayName);
  }

  /** A product's view with its terms in force: the back office's form and the claim page show them. */
  async viewWithContract(product: CardProduct, merchantName: string): Promise<CardProductView> {
    return { ...toProductView(product, merchantName), contract: await this.contracts.current(product.id) };
  }

  /** What a consumer sees before claiming: the product behind a claim link, if it is on sale. */
  async byClaimToken(claimToken: string): Promise<{ product: CardProduct; merchant: Merchant }> {
    const product = await this.products.findByClaimToken(claimToken);
    if (!product) throw new DomainError('CLAIM_TOKEN_INVALID');
    const merchant = await this.merchantRecords.merchantById(product.merchantId);
    if (!merchant || merchant.status !== 'APPROVED' || product.status !== 'ACTIVE') throw new DomainError('PRODUCT_NOT_ACTIVE');
    return { product, merchant };
  }

  /** A card face must be an image this merchant uploaded for that place (logo or cover). */
  private async requireOwnFaces(merchantId: string, input: CardProductDto): Promise<void> {
    if (input.logoFileId) await this.files.requireOwn(merchantId, input.logoFileId, 'CARD_LOGO', 'logoFileId');
    if (input.coverFileId) await this.files.requireOwn(merchantId, input.coverFileId, 'CARD_COVER', 'coverFileId');
  }

  private async ownProduct(merchantId: string, productId: string): Promise<CardProduct> {
    const product = await this.products.findOwned(merchantId, productId);
    if (!product) throw new DomainError('NOT_FOUND', 'card product');
    return product;
  }

  private async merchant(merchantId: string): Promise<Merchant> {
    const merchant = await this.merchantRecords.merchantById(merchantId);
    if (!merchant) throw new Error(`merchant ${merchantId} is missing`);
    return merchant;
  }
}

function fieldsOf(input: CardProductDto) {
  return {
    name: input.name,
    coverStyle: input.coverStyle,
    logoFileId: input.logoFileId ?? null,
    coverFileId: input.coverFileId ?? null,
    kind: input.kind,
    tiers: input.tiers.map((t) => ({ payFen: t.payFen, bonusFen: t.bonusFen })).sort((a, b) => a.payFen - b.payFen),
    allowCustomAmount: input.allowCustomAmount,
    minTopUpFen: input.minTopUpFen,
    storeIds: [...new Set(input.storeIds)],
    deductionRule: input.deductionRule,
    pointsPerYuan: input.pointsPerYuan,
    description: input.description,
  };
}

/** The product's logo and cover as public URLs (null where none was uploaded): its view and every card's show them. */
export function productArt(p: Pick<CardProduct, 'logoFileId' | 'coverFileId'>): { logoUrl: string | null; coverUrl: string | null } {
  return {
    logoUrl: p.logoFileId ? publicFileUrl(p.logoFileId) : null,
    coverUrl: p.coverFileId ? publicFileUrl(p.coverFileId) : null,
  };
}

export function toProductView(p: CardProduct, merchantName: string): CardProductView {
  return {
    id: p.id,
    merchantId: p.merchantId,
    merchantName,
    name: p.name,
    coverStyle: p.coverStyle,
    logoFileId: p.logoFileId,
    coverFileId: p.coverFileId,
    ...productArt(p),
    kind: p.kind,
    tiers: p.tiers,
    allowCustomAmount: p.allowCustomAmount,
    minTopUpFen: p.minTopUpFen,
    maxBalanceFen: p.maxBalanceFen,
    validityMonths: p.validityMonths,
    storeIds: p.storeIds,
    deductionRule: p.deductionRule,
    pointsPerYuan: p.pointsPerYuan,
    coolingOffDays: p.coolingOffDays,
    pointsValidYears: p.pointsValidYears,
    description: p.description,
    status: p.status,
    claimToken: p.claimToken,
    createdAt: p.createdAt.toISOString(),
  };
}
