import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { id, text, time, uuid } from './columns';

/**
 * 转赠 (docs/compliance.md): one row per share link. Only the token's SHA-256 is kept (the link is shown once).
 * `open_card_id` holds the card while the gift is PENDING and is NULL after, so its unique index allows one open
 * gift per card on MariaDB and SQLite alike. A claim is the guarded UPDATE from PENDING; it names the new card.
 */
export class CardGifts1766104800000 implements MigrationInterface {
  name = 'CardGifts1766104800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'card_gifts',
        columns: [
          id(),
          uuid('card_id'),
          uuid('merchant_id'),
          uuid('giver_consumer_id'),
          text('token_hash', 64),
          text('status', 16),
          uuid('open_card_id', true),
          time('expires_at'),
          time('created_at'),
          uuid('recipient_consumer_id', true),
          uuid('received_card_id', true),
          time('claimed_at', true),
          time('cancelled_at', true),
        ],
      }),
    );
    await q.createIndex('card_gifts', new TableIndex({ name: 'ux_card_gifts_token_hash', columnNames: ['token_hash'], isUnique: true }));
    await q.createIndex('card_gifts', new TableIndex({ name: 'ux_card_gifts_open_card', columnNames: ['open_card_id'], isUnique: true }));
    await q.createIndex('card_gifts', new TableIndex({ name: 'ix_card_gifts_card', columnNames: ['card_id', 'created_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('card_gifts');
  }
}
