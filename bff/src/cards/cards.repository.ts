import { Injectable } from '@nestjs/common';
import type { CardStatus, DeductionRule } from '@jucard/shared';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { execute } from '../database/transaction-runner';
import { placeholders, readInt, readTextOrNull, readTimeOrNull } from '../database/sql-values';
import { CardEntity } from './card.entity';

/** How many replaced cards a refund looks back through (a card replaced monthly for eight years). */
const MAX_LINEAGE = 100;

/** A card as other contexts see it: a plain shape, not the entity class. */
export interface Card {
  id: string;
  cardNo: string;
  consumerId: string;
  merchantId: string;
  productId: string;
  status: CardStatus;
  principalAccountId: number;
  bonusAccountId: number;
  pointsAccountId: number;
  expiresAt: Date | null;
  createdAt: Date;
  /** 补卡: 0 for a claimed card, one more for each replacement; the lost card this one replaced. */
  generation?: number;
  replacesCardId?: string | null;
}

/** A card with what a sale needs of its product (redemption reads these for a whole batch at once). */
/** A card's three accounts (principal, bonus, points): what a move of its balances locks. */
export function accountIdsOf(card: Pick<Card, 'principalAccountId' | 'bonusAccountId' | 'pointsAccountId'>): number[] {
  return [card.principalAccountId, card.bonusAccountId, card.pointsAccountId];
}

/** A card whose points expire, with its product's rule. */
export interface PointsCard {
  id: string;
  merchantId: string;
  pointsAccountId: number;
  pointsValidYears: number;
}

export interface SaleCard {
  id: string;
  cardNo: string;
  merchantId: string;
  consumerId: string;
  productId: string;
  status: CardStatus;
  expiresAt: Date | null;
  principalAccountId: number;
  bonusAccountId: number;
  pointsAccountId: number;
  storeIds: string[];
  deductionRule: DeductionRule;
  pointsPerYuan: number;
  /** The holder's member level at the merchant (会员等级), or null: its points rate and the percent of the price it pays. */
  level: { name: string; pointsMultiplierPct: number; discountRate: number } | null;
}

/** Cards: the cards context's SQL. Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Card numbers by card id, one read (lists of sales show them masked). */
  async cardNos(cardIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(cardIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(`SELECT id, card_no FROM cards WHERE id IN (${placeholders(ids.length)})`, ids);
    return new Map(rows.map((r) => [String(r.id), String(r.card_no)]));
  }

  /** The consumer's own card; another consumer's card reads as missing. */
  findOwned(consumerId: string, cardId: string, em: EntityManager = this.dataSource.manager): Promise<Card | null> {
    return em.getRepository(CardEntity).findOneBy({ id: cardId, consumerId });
  }

  findById(cardId: string, em: EntityManager = this.dataSource.manager): Promise<Card> {
    return em.getRepository(CardEntity).findOneByOrFail({ id: cardId });
  }

  /** The cards by id, one read (a batch of top-ups credits several at once); a missing id is an integrity error. */
  async findByIds(cardIds: string[]): Promise<Map<string, Card>> {
    const ids = [...new Set(cardIds)];
    const cards = ids.length === 0 ? [] : await this.dataSource.getRepository(CardEntity).findBy({ id: In(ids) });
    const byId = new Map<string, Card>(cards.map((card) => [card.id, card]));
    for (const id of ids) if (!byId.has(id)) throw new Error(`card ${id} is missing`);
    return byId;
  }

  findClaimed(consumerId: string, productId: string): Promise<Card | null> {
    return this.dataSource.getRepository(CardEntity).findOneBy({ consumerId, productId });
  }

  /** A merchant's active cards after `afterId` in id order, `limit` at a time (a closing merchant's refunds page through them). */
  /** The merchant's cards in one of `statuses`, in id order after `afterId` (a closed merchant's refunds page through them). */
  ofMerchantIn(merchantId: string, statuses: CardStatus[], afterId: string, limit: number): Promise<Card[]> {
    return this.dataSource.getRepository(CardEntity).find({ where: { merchantId, status: In(statuses), id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  /** The consumer's cards, newest first. */
  listOfConsumer(consumerId: string): Promise<Card[]> {
    return this.dataSource.getRepository(CardEntity).find({ where: { consumerId }, order: { createdAt: 'DESC' } });
  }

  async insert(em: EntityManager, card: Card): Promise<void> {
    await em.getRepository(CardEntity).insert(card);
  }

  findByCardNo(cardNo: string, em: EntityManager = this.dataSource.manager): Promise<Card | null> {
    return em.getRepository(CardEntity).findOneBy({ cardNo });
  }

  /** A freeze or unfreeze by an operator: `from` → `to`; false when the card was not in `from`. */
  async setStatusIf(em: EntityManager, cardId: string, from: CardStatus, to: CardStatus): Promise<boolean> {
    return (await execute(em, 'UPDATE cards SET status = ? WHERE id = ? AND status = ?', [to, cardId, from])) === 1;
  }

  /** 补卡's guard: the lost card closes for good; false when it was not LOST (replaced already, unlocked, ...). */
  async closeIfLost(em: EntityManager, cardId: string): Promise<boolean> {
    return (await execute(em, "UPDATE cards SET status = 'CLOSED' WHERE id = ? AND status = 'LOST'", [cardId])) === 1;
  }

  /** The card that replaced `cardId`, if any (a replacement asked again answers the first one). */
  findReplacementOf(cardId: string, em: EntityManager = this.dataSource.manager): Promise<Card | null> {
    return em.getRepository(CardEntity).findOneBy({ replacesCardId: cardId });
  }

  /**
   * Where money paid for `cardId` belongs now: the card itself, or — once it was replaced (补卡, 换新卡) and closed —
   * the newest card of its line, the same holder's. With `lock` (MySQL) the card's row is read FOR UPDATE, so a
   * replacement at the same moment is either done (its card is the answer) or waits until this transaction ends.
   */
  async creditTarget(em: EntityManager, cardId: string, lock: boolean): Promise<Card> {
    if (lock) await em.query('SELECT id FROM cards WHERE id = ? FOR UPDATE', [cardId]);
    let card = await this.findById(cardId, em);
    for (let hops = 0; card.status === 'CLOSED' && hops < MAX_LINEAGE; hops++) {
      const next = await this.findReplacementOf(card.id, em);
      if (!next) break;
      card = next;
    }
    return card;
  }

  /**
   * The card and every card it replaced (补卡 after a loss, a new card after expiry: the same holder), newest first.
   * A refund counts the top-ups of all of them: the money on the card came from them. A gift starts a new line.
   */
  async lineageOf(card: Pick<Card, 'id' | 'replacesCardId'>, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const ids = [card.id];
    let previous = card.replacesCardId ?? null;
    // a card is replaced at most once, so the line only goes back; the bound is a guard against bad data
    while (previous && ids.length < MAX_LINEAGE && !ids.includes(previous)) {
      ids.push(previous);
      const [row] = await em.query<Array<{ replaces_card_id: string | null }>>('SELECT replaces_card_id FROM cards WHERE id = ?', [previous]);
      previous = row?.replaces_card_id ?? null;
    }
    return ids;
  }

  /** Closes an active card; false when it was not active (closed already, frozen, ...). */
  async closeIfActive(em: EntityManager, cardId: string): Promise<boolean> {
    return this.closeIfIn(em, cardId, ['ACTIVE']);
  }

  /** Closes the card if it is in one of `statuses`; false otherwise. */
  async closeIfIn(em: EntityManager, cardId: string, statuses: CardStatus[]): Promise<boolean> {
    return (await execute(em, `UPDATE cards SET status = 'CLOSED' WHERE id = ? AND status IN (${placeholders(statuses.length)})`, [cardId, ...statuses])) === 1;
  }

  /** The cards with their product's sale terms, one read; a missing id is an integrity error (codes point at cards). */
  async forSale(cardIds: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, SaleCard>> {
    const ids = [...new Set(cardIds)];
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await em.query(
      // the holder's member level (marketing's 会员等级) rides along: the highest step its cumulative top-up reaches
      `SELECT c.id, c.card_no, c.merchant_id, c.consumer_id, c.product_id, c.status, c.expires_at, c.principal_account_id, c.bonus_account_id, c.points_account_id,
              p.store_ids, p.deduction_rule, p.points_per_yuan, l.name AS level_name, l.points_multiplier_pct, l.discount_rate
         FROM cards c JOIN card_products p ON p.id = c.product_id
         LEFT JOIN memberships ms ON ms.merchant_id = c.merchant_id AND ms.consumer_id = c.consumer_id
         LEFT JOIN member_levels l ON l.id = (SELECT r.id FROM member_levels r
                WHERE r.merchant_id = c.merchant_id AND r.threshold_fen <= COALESCE(ms.topped_up_fen, 0) ORDER BY r.threshold_fen DESC LIMIT 1)
        WHERE c.id IN (${placeholders(ids.length)})`,
      ids,
    );
    const cards = new Map(rows.map((r) => [String(r.id), toSaleCard(r)]));
    for (const id of ids) if (!cards.has(id)) throw new Error(`card ${id} is missing`);
    return cards;
  }

  /** Cards whose product lets points expire, in id order after `afterId` (the points-expiry job pages through them). */
  async withExpiringPoints(afterId: string, limit: number): Promise<PointsCard[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.id, c.merchant_id, c.points_account_id, p.points_valid_years
         FROM cards c JOIN card_products p ON p.id = c.product_id
        WHERE p.points_valid_years > 0 AND c.id > ? ORDER BY c.id LIMIT ?`,
      [afterId, limit],
    );
    return rows.map((r) => ({ id: String(r.id), merchantId: String(r.merchant_id), pointsAccountId: readInt(r.points_account_id), pointsValidYears: readInt(r.points_valid_years) }));
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
    consumerId: String(r.consumer_id),
    productId: String(r.product_id),
    status: String(r.status) as CardStatus,
    expiresAt: readTimeOrNull(r.expires_at),
    principalAccountId: readInt(r.principal_account_id),
    bonusAccountId: readInt(r.bonus_account_id),
    pointsAccountId: readInt(r.points_account_id),
    storeIds: JSON.parse(String(r.store_ids)) as string[],
    deductionRule: String(r.deduction_rule) as DeductionRule,
    pointsPerYuan: readInt(r.points_per_yuan),
    level: levelOf(readTextOrNull(r.level_name), r),
  };
}

/** The member level a sale's card read carried, or null without one. */
function levelOf(name: string | null, r: Record<string, unknown>): SaleCard['level'] {
  return name === null ? null : { name, pointsMultiplierPct: readInt(r.points_multiplier_pct), discountRate: readInt(r.discount_rate) };
}
