import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames compare as bytes: under utf8mb4_unicode_ci "lotus-owner ", "ＬOTUS-owner" and "lótus-owner" were the
 * same row to the database but three keys to the login limit. The application stores and looks up one normalised
 * spelling (auth/username.ts); the unique index now agrees with it. POS app secrets are kept sealed (AES-256-GCM,
 * common/secret-box.ts), which needs a wider column; rows still in clear are sealed at boot by PosAppsService, which
 * holds the key.
 *
 * MODIFY rather than QueryRunner.changeColumn: for a new length or collation TypeORM's MySQL runner drops and
 * re-adds the column, which loses its values and its unique index. SQLite compares bytes (BINARY) and does not
 * enforce VARCHAR lengths, so there is nothing to change there.
 */
export class IdentityHardening1764748800000 implements MigrationInterface {
  name = 'IdentityHardening1764748800000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    // NO PAD: utf8mb4_bin still ignores trailing spaces ("owner " = "owner")
    const rows: Array<{ v: string }> = await q.query('SELECT VERSION() AS v');
    const collation = /mariadb/i.test(rows[0]?.v ?? '') ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
    for (const table of ['staff_users', 'operators']) {
      await q.query(`ALTER TABLE ${table} MODIFY username VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL`);
    }
    await q.query('ALTER TABLE pos_apps MODIFY secret VARCHAR(200) NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    // a sealed secret does not fit the old column: refuse rather than truncate it
    const sealed: unknown[] = await q.query("SELECT app_key FROM pos_apps WHERE secret LIKE 'sbx1:%' LIMIT 1");
    if (sealed.length > 0) throw new Error('pos_apps holds sealed secrets that the old 64-character column cannot hold; reverting would lose them');
    await q.query('ALTER TABLE pos_apps MODIFY secret VARCHAR(64) NOT NULL');
    for (const table of ['staff_users', 'operators']) {
      await q.query(`ALTER TABLE ${table} MODIFY username VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL`);
    }
  }
}
