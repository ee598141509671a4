import { Injectable } from '@nestjs/common';
import type { CardKind, DeductionRule, Fen, ProductStatus, TopUpTier } from '@jucard/shared';
import { DataSource, In, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { sqlTime } from '../database/sql-values';
import { CardProductEntity } from './card-product.entity';

/** A card product as other contexts see it: a plain shape, not the entity class. */
export interface CardProduct {
  id: string;
  merchantId: string;
  name: string;
  coverStyle: string;
  /** Uploaded card-face images (files context, purpose CARD_LOGO / CARD_COVER); null = the preset colour alone. */
  logoFileId: string | null;
  coverFileId: string | null;
  kind: CardKind;
  tiers: TopUpTier[];
  allowCustomAmount: boolean;
  minTopUpFen: Fen;
  maxBalanceFen: Fen;
  validityMonths: number | null;
  storeIds: string[];
  deductionRule: DeductionRule;
  pointsPerYuan: number;
  /** 冷静期 in days (docs/compliance.md); 0 = none. */
  coolingOffDays: number;
  /** Points earned in year Y expire at the end of year Y + this (Shanghai), the earliest first; 0 = never. */
  pointsValidYears: number;
  description: string;
  status: ProductStatus;
  claimToken: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a merchant may edit on a product (kind, status and claim token stay). */
export type CardProductEdit = Omit<CardProduct, 'id' | 'merchantId' | 'status' | 'claimToken' | 'createdAt'>;

/** Card products: the card-products context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class CardProductsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(productId: string): Promise<CardProduct> {
    return this.dataSource.getRepository(CardProductEntity).findOneByOrFail({ id: productId });
  }

  findByIds(productIds: string[]): Promise<CardProduct[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(CardProductEntity).findBy({ id: In([...new Set(productIds)]) });
  }

  /** A merchant's own product; another merchant's reads as missing. */
  findOwned(merchantId: string, productId: string): Promise<CardProduct | null> {
    return this.dataSource.getRepository(CardProductEntity).findOneBy({ id: productId, merchantId });
  }

  findByClaimToken(claimToken: string): Promise<CardProduct | null> {
    return this.dataSource.getRepository(CardProductEntity).findOneBy({ claimToken });
  }

  /** The merchant's products, newest first. */
  listOfMerchant(merchantId: string): Promise<CardProduct[]> {
    return this.dataSource.getRepository(CardProductEntity).find({ where: { merchantId }, order: { createdAt: 'DESC' } });
  }

  async insert(em: EntityManager, product: CardProduct): Promise<void> {
    await em.getRepository(CardProductEntity).insert(product);
  }

  async update(em: EntityManager, merchantId: string, productId: string, edit: Partial<CardProductEdit>): Promise<void> {
    await em.getRepository(CardProductEntity).update({ id: productId, merchantId }, edit);
  }

  async retire(em: EntityManager, merchantId: string, productId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE card_products SET status = 'RETIRED', updated_at = ? WHERE id = ? AND merchant_id = ?", [sqlTime(now), productId, merchantId]);
  }
}
