import { Injectable } from '@nestjs/common';
import type { CardGiftStatus } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { readTextOrNull, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { execute } from '../database/transaction-runner';

/** A gift as stored: EXPIRED is never stored, a PENDING row past `expiresAt` reads as expired (statusAt). */
export interface CardGift {
  id: string;
  cardId: string;
  merchantId: string;
  giverConsumerId: string;
  tokenHash: string;
  status: Exclude<CardGiftStatus, 'EXPIRED'>;
  expiresAt: Date;
  createdAt: Date;
  recipientConsumerId: string | null;
  receivedCardId: string | null;
  claimedAt: Date | null;
  cancelledAt: Date | null;
}

/** The gifting context's SQL: `card_gifts`. Guards in the WHERE clause; the row mapper at the bottom. */
@Injectable()
export class GiftingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The unique `open_card_id` refuses a second open gift of the card (two offers at once: one row wins). */
  async insert(em: EntityManager, gift: CardGift): Promise<void> {
    await execute(
      em,
      `INSERT INTO card_gifts (id, card_id, merchant_id, giver_consumer_id, token_hash, status, open_card_id, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)`,
      [gift.id, gift.cardId, gift.merchantId, gift.giverConsumerId, gift.tokenHash, gift.cardId, sqlTime(gift.expiresAt), sqlTime(gift.createdAt)],
    );
  }

  /** Frees the card's open slot held by a gift that expired unclaimed, so the holder can offer it again. */
  async releaseExpired(em: EntityManager, cardId: string, now: Date): Promise<void> {
    await execute(em, "UPDATE card_gifts SET open_card_id = NULL WHERE open_card_id = ? AND status = 'PENDING' AND expires_at <= ?", [cardId, sqlTime(now)]);
  }

  async findByTokenHash(tokenHash: string): Promise<CardGift | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM card_gifts WHERE token_hash = ?', [tokenHash]);
    return rows[0] ? toGift(rows[0]) : null;
  }

  /** The giver's own gift; another consumer's reads as missing. */
  async findOfGiver(giverConsumerId: string, giftId: string): Promise<CardGift | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM card_gifts WHERE id = ? AND giver_consumer_id = ?', [giftId, giverConsumerId]);
    return rows[0] ? toGift(rows[0]) : null;
  }

  async findById(giftId: string, em: EntityManager = this.dataSource.manager): Promise<CardGift> {
    const rows: unknown[] = await em.query('SELECT * FROM card_gifts WHERE id = ?', [giftId]);
    if (!rows[0]) throw new Error(`gift ${giftId} is missing`);
    return toGift(rows[0]);
  }

  /** The card's gift still open (pending, maybe past its expiry), if any. */
  async findOpenOfCard(cardId: string): Promise<CardGift | null> {
    const rows: unknown[] = await this.dataSource.query("SELECT * FROM card_gifts WHERE open_card_id = ? AND status = 'PENDING'", [cardId]);
    return rows[0] ? toGift(rows[0]) : null;
  }

  /** The claim's guard: PENDING and unexpired → CLAIMED by the recipient; false when another claim, a cancel or the clock came first. */
  async claimIfPending(em: EntityManager, giftId: string, recipientConsumerId: string, receivedCardId: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE card_gifts SET status = 'CLAIMED', open_card_id = NULL, recipient_consumer_id = ?, received_card_id = ?, claimed_at = ?
        WHERE id = ? AND status = 'PENDING' AND expires_at > ?`,
      [recipientConsumerId, receivedCardId, sqlTime(now), giftId, sqlTime(now)],
    );
    return changed === 1;
  }

  /** The giver's cancel: PENDING and unexpired → CANCELLED; false when it was claimed, cancelled or expired first. */
  async cancelIfPending(em: EntityManager, giftId: string, giverConsumerId: string, now: Date): Promise<boolean> {
    const changed = await execute(
      em,
      `UPDATE card_gifts SET status = 'CANCELLED', open_card_id = NULL, cancelled_at = ?
        WHERE id = ? AND giver_consumer_id = ? AND status = 'PENDING' AND expires_at > ?`,
      [sqlTime(now), giftId, giverConsumerId, sqlTime(now)],
    );
    return changed === 1;
  }
}


const toGift = rowReader<CardGift>({
  id: readText,
  cardId: readText,
  merchantId: readText,
  giverConsumerId: readText,
  tokenHash: readText,
  status: (value) => String(value) as CardGift['status'],
  expiresAt: readTime,
  createdAt: readTime,
  recipientConsumerId: readTextOrNull,
  receivedCardId: readTextOrNull,
  claimedAt: readTimeOrNull,
  cancelledAt: readTimeOrNull,
});
