import { Injectable } from '@nestjs/common';
import type { CardStatus, DeductionRule } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { placeholders, readInt, readTimeOrNull } from '../database/sql-values';

/** A card with what a sale needs of its product (redemption reads these for a whole batch at once). */
export interface SaleCard {
  id: string;
  cardNo: string;
  merchantId: string;
  status: CardStatus;
  expiresAt: Date | null;
  principalAccountId: number;
  bonusAccountId: number;
  pointsAccountId: number;
  storeIds: string[];
  deductionRule: DeductionRule;
  pointsPerYuan: number;
}

/** Cards: the cards context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The cards with their product's sale terms, one read; a missing id is an integrity error (codes point at cards). */
  async forSale(cardIds: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, SaleCard>> {
    const ids = [...new Set(cardIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT c.id, c.card_no, c.merchant_id, c.status, c.expires_at, c.principal_account_id, c.bonus_account_id, c.points_account_id,
              p.store_ids, p.deduction_rule, p.points_per_yuan
         FROM cards c JOIN card_products p ON p.id = c.product_id WHERE c.id IN (${placeholders(ids.length)})`,
      ids,
    );
    const cards = new Map(rows.map((r) => [String(r.id), toSaleCard(r)]));
    for (const id of ids) if (!cards.has(id)) throw new Error(`card ${id} is missing`);
    return cards;
  }

  async cardNo(cardId: string, em: EntityManager = this.dataSource.manager): Promise<string> {
    const rows: Array<Record<string, unknown>> = await em.query('SELECT card_no FROM cards WHERE id = ?', [cardId]);
    if (!rows[0]) throw new Error(`card ${cardId} is missing`);
    return String(rows[0].card_no);
  }
}

function toSaleCard(r: Record<string, unknown>): SaleCard {
  return {
    id: String(r.id),
    cardNo: String(r.card_no),
    merchantId: String(r.merchant_id),
    status: String(r.status) as CardStatus,
    expiresAt: readTimeOrNull(r.expires_at),
    principalAccountId: readInt(r.principal_account_id),
    bonusAccountId: readInt(r.bonus_account_id),
    pointsAccountId: readInt(r.points_account_id),
    storeIds: JSON.parse(String(r.store_ids)) as string[],
    deductionRule: String(r.deduction_rule) as DeductionRule,
    pointsPerYuan: readInt(r.points_per_yuan),
  };
}
