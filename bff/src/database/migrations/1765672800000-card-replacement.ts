import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { defaultInt, uuid } from './columns';

/**
 * 挂失 / 补卡 (docs/compliance.md §5). A replacement is a new card of the same consumer and product, so "one card per
 * consumer and product" becomes one card per consumer, product and `generation` (a claimed card is 0, its
 * replacement 1, …): two replacements of one card at once collide on it. `replaces_card_id` names the lost card,
 * unique, so a card is replaced at most once.
 */
export class CardReplacement1765672800000 implements MigrationInterface {
  name = 'CardReplacement1765672800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('cards', [
      new TableColumn(defaultInt('generation')),
      new TableColumn(uuid('replaces_card_id', true)),
    ]);
    await q.createIndex('cards', new TableIndex({ name: 'ux_cards_consumer_product_generation', columnNames: ['consumer_id', 'product_id', 'generation'], isUnique: true }));
    await q.dropIndex('cards', 'ux_cards_consumer_product');
    await q.createIndex('cards', new TableIndex({ name: 'ux_cards_replaces', columnNames: ['replaces_card_id'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('cards', 'ux_cards_replaces');
    await q.createIndex('cards', new TableIndex({ name: 'ux_cards_consumer_product', columnNames: ['consumer_id', 'product_id'], isUnique: true }));
    await q.dropIndex('cards', 'ux_cards_consumer_product_generation');
    await q.dropColumns('cards', ['replaces_card_id', 'generation']);
  }
}
