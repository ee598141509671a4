import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { placeholders, readBool, readTextOrNull, readTime, sqlTime } from '../database/sql-values';

export interface Consumer {
  id: string;
  wechatOpenid: string | null;
  phone: string | null;
  nickname: string | null;
  createdAt: Date;
}

export interface Operator {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  createdAt: Date;
}

/** A merchant's staff account (staff_users): who may log in to the till and back office, with which role and stores. */
export interface StaffAccount {
  id: string;
  merchantId: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: StaffRole;
  storeIds: string[];
  active: boolean;
  createdAt: Date;
}

/** What a staff request is allowed to do now, read from the account (not from the token). */
export interface StaffStanding {
  merchantId: string;
  role: StaffRole;
  storeIds: string[];
  active: boolean;
}

/** How a consumer is known at login: one identity at a time. */
export type ConsumerIdentity = { wechatOpenid: string } | { phone: string };

/** Consumers, staff accounts and operators: the auth context's SQL (refresh tokens: refresh-tokens.repository.ts). Row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async consumerById(id: string): Promise<Consumer | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM consumers WHERE id = ? LIMIT 1', [id]);
    return rows[0] ? toConsumer(rows[0]) : null;
  }

  async consumerByIdentity(identity: ConsumerIdentity): Promise<Consumer | null> {
    const [column, value] = 'wechatOpenid' in identity ? ['wechat_openid', identity.wechatOpenid] : ['phone', identity.phone];
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM consumers WHERE ${column} = ? LIMIT 1`, [value]);
    return rows[0] ? toConsumer(rows[0]) : null;
  }

  /** A unique violation means another first login created the same consumer a moment earlier. */
  async insertConsumer(em: EntityManager, c: Consumer): Promise<void> {
    await em.query('INSERT INTO consumers (id, wechat_openid, phone, nickname, created_at) VALUES (?, ?, ?, ?, ?)', [
      c.id,
      c.wechatOpenid,
      c.phone,
      c.nickname,
      sqlTime(c.createdAt),
    ]);
  }

  async operatorByUsername(username: string): Promise<Operator | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM operators WHERE username = ? LIMIT 1', [username]);
    return rows[0] ? toOperator(rows[0]) : null;
  }

  async operatorById(id: string): Promise<Operator | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM operators WHERE id = ? LIMIT 1', [id]);
    return rows[0] ? toOperator(rows[0]) : null;
  }

  async staffByUsername(username: string): Promise<StaffAccount | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM staff_users WHERE username = ? LIMIT 1', [username]);
    return rows[0] ? toStaff(rows[0]) : null;
  }

  /** With a merchant, only that merchant's account answers. */
  async staffById(id: string, merchantId?: string): Promise<StaffAccount | null> {
    const rows: unknown[] =
      merchantId === undefined
        ? await this.dataSource.query('SELECT * FROM staff_users WHERE id = ? LIMIT 1', [id])
        : await this.dataSource.query('SELECT * FROM staff_users WHERE id = ? AND merchant_id = ? LIMIT 1', [id, merchantId]);
    return rows[0] ? toStaff(rows[0]) : null;
  }

  /** In order of creation (the owner first). */
  async staffOfMerchant(merchantId: string): Promise<StaffAccount[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM staff_users WHERE merchant_id = ? ORDER BY created_at ASC', [merchantId]);
    return rows.map(toStaff);
  }

  /** The standing of several accounts in one narrow read (every staff request needs one); unknown ids are left out. */
  async staffStandings(ids: string[]): Promise<Map<string, StaffStanding>> {
    if (ids.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, merchant_id, role, store_ids, active FROM staff_users WHERE id IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((r): [string, StaffStanding] => [String(r.id), toStanding(r)]));
  }

  /** A team edit of one of this merchant's accounts; the username and password stay as they are. */
  async updateStaffMember(
    em: EntityManager,
    merchantId: string,
    staffId: string,
    m: { displayName: string; role: StaffRole; storeIds: string[]; active: boolean },
  ): Promise<void> {
    await em.query('UPDATE staff_users SET display_name = ?, role = ?, store_ids = ?, active = ? WHERE id = ? AND merchant_id = ?', [
      m.displayName,
      m.role,
      JSON.stringify(m.storeIds),
      m.active ? 1 : 0,
      staffId,
      merchantId,
    ]);
  }

  /** A stronger hash after a login; the old hash in the WHERE clause keeps a concurrent password change. */
  async updateStaffPasswordHash(id: string, oldHash: string, newHash: string): Promise<void> {
    await this.dataSource.query('UPDATE staff_users SET password_hash = ? WHERE id = ? AND password_hash = ?', [newHash, id, oldHash]);
  }

  async updateOperatorPasswordHash(id: string, oldHash: string, newHash: string): Promise<void> {
    await this.dataSource.query('UPDATE operators SET password_hash = ? WHERE id = ? AND password_hash = ?', [newHash, id, oldHash]);
  }

  /** A unique violation means the username is taken. */
  async insertStaff(em: EntityManager, s: StaffAccount): Promise<void> {
    await em.query(
      'INSERT INTO staff_users (id, merchant_id, username, password_hash, display_name, role, store_ids, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [s.id, s.merchantId, s.username, s.passwordHash, s.displayName, s.role, JSON.stringify(s.storeIds), s.active ? 1 : 0, sqlTime(s.createdAt)],
    );
  }
}

const toConsumer = rowReader<Consumer>({ id: readText, wechatOpenid: readTextOrNull, phone: readTextOrNull, nickname: readTextOrNull, createdAt: readTime });

/** A password login's own columns: an operator's whole row, a staff account's before its standing. */
const toLogin = rowReader<Operator>({ id: readText, username: readText, passwordHash: readText, displayName: readText, createdAt: readTime });
const toOperator = toLogin;

const toStanding = rowReader<StaffStanding>({
  merchantId: readText,
  role: (value) => String(value) as StaffRole,
  storeIds: (value) => JSON.parse(String(value)) as string[],
  // MySQL gives TINYINT 0/1, SQLite an integer
  active: readBool,
});

function toStaff(raw: unknown): StaffAccount {
  return { ...toLogin(raw), ...toStanding(raw) };
}
