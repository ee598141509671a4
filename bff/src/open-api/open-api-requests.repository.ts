import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/transaction-runner';
import { rowsInsert, sqlTime } from '../database/sql-values';

/** The SQL of open_api_requests: an integrator's Idempotency-Key bound to its first request, per merchant. */
@Injectable()
export class OpenApiRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Binds the key to this request (one autocommitted INSERT, before the write it guards, so a crash in between leaves
   * the key bound and the retry goes on to the write's own replay) and answers the hash it is bound to: this request's
   * on the first use, the first request's after.
   */
  async bind(merchantId: string, key: string, operation: string, requestHash: string, now: Date): Promise<{ operation: string; requestHash: string }> {
    const { sql, parameters } = rowsInsert('open_api_requests', [
      { merchant_id: merchantId, idempotency_key: key, operation, request_hash: requestHash, created_at: sqlTime(now) },
    ]);
    try {
      await this.dataSource.query(sql, parameters);
      return { operation, requestHash };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      'SELECT operation, request_hash FROM open_api_requests WHERE merchant_id = ? AND idempotency_key = ?',
      [merchantId, key],
    );
    const row = rows[0];
    if (!row) throw new Error(`open API key ${key} of merchant ${merchantId} vanished after its unique violation`);
    return { operation: String(row.operation), requestHash: String(row.request_hash) };
  }
}
