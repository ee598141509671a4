import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { placeholders, readTime, sqlTime } from '../database/sql-values';
import { execute } from '../database/transaction-runner';

/** A merchant's standing notice of closing (withdrawn ones are not read back). */
export interface MerchantClosing {
  merchantId: string;
  closingDate: string;
  reason: string;
  announcedBy: string;
  announcedAt: Date;
}

/** The merchants context's SQL for closing notices (merchant_closings). */
@Injectable()
export class MerchantClosingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async closingOf(merchantId: string, em: EntityManager = this.dataSource.manager): Promise<MerchantClosing | null> {
    const rows: unknown[] = await em.query('SELECT * FROM merchant_closings WHERE merchant_id = ? AND withdrawn_at IS NULL', [merchantId]);
    return rows[0] ? toClosing(rows[0]) : null;
  }

  async closingsOf(merchantIds: string[]): Promise<Map<string, MerchantClosing>> {
    const ids = [...new Set(merchantIds)];
    if (ids.length === 0) return new Map();
    const rows: unknown[] = await this.dataSource.query(`SELECT * FROM merchant_closings WHERE merchant_id IN (${placeholders(ids.length)}) AND withdrawn_at IS NULL`, ids);
    return new Map(rows.map(toClosing).map((c) => [c.merchantId, c]));
  }

  /** Standing notices whose day has come (closing_date ≤ `day`). */
  async dueBy(day: string): Promise<MerchantClosing[]> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM merchant_closings WHERE closing_date <= ? AND withdrawn_at IS NULL ORDER BY closing_date', [day]);
    return rows.map(toClosing);
  }

  /** A new notice, or one over a withdrawn notice; false while another notice stands. */
  async announce(em: EntityManager, c: MerchantClosing): Promise<boolean> {
    const values = [c.closingDate, c.reason, c.announcedBy, sqlTime(c.announcedAt)];
    const rewritten = await execute(
      em,
      'UPDATE merchant_closings SET closing_date = ?, reason = ?, announced_by = ?, announced_at = ?, withdrawn_at = NULL WHERE merchant_id = ? AND withdrawn_at IS NOT NULL',
      [...values, c.merchantId],
    );
    if (rewritten === 1) return true;
    if (await this.closingOf(c.merchantId, em)) return false;
    await execute(em, 'INSERT INTO merchant_closings (merchant_id, closing_date, reason, announced_by, announced_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, NULL)', [c.merchantId, ...values]);
    return true;
  }

  /** Withdraws the standing notice while its day is still ahead; false when there is none or the day has come. */
  async withdraw(em: EntityManager, merchantId: string, today: string, at: Date): Promise<boolean> {
    return (await execute(em, 'UPDATE merchant_closings SET withdrawn_at = ? WHERE merchant_id = ? AND withdrawn_at IS NULL AND closing_date > ?', [sqlTime(at), merchantId, today])) === 1;
  }
}

const toClosing = rowReader<MerchantClosing>({ merchantId: readText, closingDate: readText, reason: readText, announcedBy: readText, announcedAt: readTime });
