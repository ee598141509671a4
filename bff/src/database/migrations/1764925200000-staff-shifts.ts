import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { id, time, uuid } from './columns';

/**
 * 交班: when each staff member's current shift began at the till (one row per staff member and store, moved on by a
 * handover). Kept on the server, not the device, so the summary is the same on every till the cashier signs in at.
 */
export class StaffShifts1764925200000 implements MigrationInterface {
  name = 'StaffShifts1764925200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'staff_shifts',
        columns: [
          id('staff_id'),
          id('store_id'),
          uuid('merchant_id'),
          time('started_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('staff_shifts');
  }
}
