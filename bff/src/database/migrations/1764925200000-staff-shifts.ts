import { MigrationInterface, QueryRunner, Table } from 'typeorm';

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
          { name: 'staff_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'store_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'merchant_id', type: 'varchar', length: '36' },
          { name: 'started_at', type: 'datetime', precision: 6 },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('staff_shifts');
  }
}
