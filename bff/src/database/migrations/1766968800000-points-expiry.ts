import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { defaultInt } from './columns';

/**
 * Points expiry (docs/marketing.md, "Points expiry"): a card product states how long its points live, in years after
 * the year they were earned — points earned in year Y expire at the end of year Y + n (Shanghai time), the earliest
 * first; 0 keeps them for good. 1 by default: the end of the next year, the common rule of Chinese loyalty programmes.
 */
export class PointsExpiry1766968800000 implements MigrationInterface {
  name = 'PointsExpiry1766968800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('card_products', [new TableColumn(defaultInt('points_valid_years', 1))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('card_products', ['points_valid_years']);
  }
}
