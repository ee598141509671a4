import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { counter, id, text, time } from './columns';

/**
 * Background jobs run under a lease in the database (jobs/lease.repository.ts): one row per job, the owner's
 * instance id, its expiry and a fencing token raised on every takeover, so a paused old owner cannot write after
 * another instance took the job over. A settlement run carries its day in `running_day` while RUNNING, so the
 * unique index allows one running run per day whichever instance starts it (NULLs do not collide, on MySQL or SQLite).
 */
export class JobLeases1764662400000 implements MigrationInterface {
  name = 'JobLeases1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'job_leases',
        columns: [
          id('name', 64),
          text('owner', 128, true),
          counter('token'),
          time('expires_at', true),
          time('acquired_at', true),
          // raised by every fenced commit, so the fencing UPDATE always changes the row (and locks it)
          counter('fenced_writes'),
        ],
      }),
    );
    await q.addColumn('settlement_runs', new TableColumn(text('running_day', 10, true)));
    // the oldest RUNNING run of each day keeps it: an older schema allowed several
    await q.query(
      `UPDATE settlement_runs SET running_day = business_date
        WHERE status = 'RUNNING' AND id IN (SELECT id FROM (SELECT MIN(id) AS id FROM settlement_runs WHERE status = 'RUNNING' GROUP BY business_date) oldest)`,
    );
    await q.createIndex('settlement_runs', new TableIndex({ name: 'ux_settlement_runs_running_day', columnNames: ['running_day'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('settlement_runs', 'ux_settlement_runs_running_day');
    await q.dropColumn('settlement_runs', 'running_day');
    await q.dropTable('job_leases');
  }
}
