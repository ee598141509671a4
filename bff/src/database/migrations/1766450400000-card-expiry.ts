import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { id, time, uuid } from './columns';

/**
 * Expiry of anonymous cards (docs/compliance.md §7):
 * - `card_expiry_reminders`: the reminder stored for the card page before a card expires, one per card and validity
 *   period (unique on the card and the expiry it announces), so a reactivated card is reminded again next time;
 * - an index on cards by expiry, for the daily job that looks for cards entering the reminder window.
 */
export class CardExpiry1766450400000 implements MigrationInterface {
  name = 'CardExpiry1766450400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'card_expiry_reminders',
        columns: [id(), uuid('card_id'), uuid('consumer_id'), time('expires_at'), time('created_at')],
        indices: [{ name: 'ux_card_expiry_reminders_card', columnNames: ['card_id', 'expires_at'], isUnique: true }],
      }),
    );
    await q.createIndex('cards', new TableIndex({ name: 'ix_cards_expires_at', columnNames: ['expires_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('cards', 'ix_cards_expires_at');
    await q.dropTable('card_expiry_reminders');
  }
}
