import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readText, rowReader } from '../database/row-mapping';
import { readTime, sqlTime } from '../database/sql-values';
import { execute } from '../database/transaction-runner';

/** One consumer's verified identity; the name and the number sealed (common/secret-box.ts). */
export interface RealNameRow {
  consumerId: string;
  nameSealed: string;
  idNoSealed: string;
  maskedName: string;
  maskedIdNo: string;
  providerRequestId: string;
  verifiedAt: Date;
  retainUntil: Date;
}

/** The real-name context's SQL: `real_name_verifications`, one row per consumer, written once. */
@Injectable()
export class RealNameRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByConsumer(consumerId: string): Promise<RealNameRow | null> {
    const rows: unknown[] = await this.dataSource.query('SELECT * FROM real_name_verifications WHERE consumer_id = ?', [consumerId]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The primary key refuses a second identity for the consumer (two verifications racing: one row wins). */
  async insert(em: EntityManager, row: RealNameRow): Promise<void> {
    await execute(
      em,
      `INSERT INTO real_name_verifications (consumer_id, name_sealed, id_no_sealed, masked_name, masked_id_no, provider_request_id, verified_at, retain_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.consumerId, row.nameSealed, row.idNoSealed, row.maskedName, row.maskedIdNo, row.providerRequestId, sqlTime(row.verifiedAt), sqlTime(row.retainUntil)],
    );
  }
}

const toRow = rowReader<RealNameRow>({
  consumerId: readText,
  nameSealed: readText,
  idNoSealed: readText,
  maskedName: readText,
  maskedIdNo: readText,
  providerRequestId: readText,
  verifiedAt: readTime,
  retainUntil: readTime,
});
