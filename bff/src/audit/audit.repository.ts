import { Injectable } from '@nestjs/common';
import type { AuditEntryView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsInserter } from '../database/row-mapping';
import { readInt, readTextOrNull, readTime, whereGiven } from '../database/sql-values';
import type { Statement } from '../database/statements';

/** One audit row as read, before the back office puts names to its ids. */
export type AuditRecord = Omit<AuditEntryView, 'actorName' | 'actorMerchant' | 'targetLabel' | 'storeName'>;

/** One audit row as written; `detail` is already JSON text or null. */
export interface AuditRow {
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: string | null;
  createdAt: Date;
}

/** The audit log's SQL (audit_log). Plain SQL with guards in the WHERE clause; row mappers at the bottom (the house model: ledger.repository.ts). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The trail newest first, narrowed to a target type or one target; strictly before `beforeId` when given. */
  async trail(filter: { targetType?: string; targetId?: string; beforeId: number | null }, limit: number): Promise<AuditRecord[]> {
    const where = whereGiven([
      ['target_type = ?', filter.targetType],
      ['target_id = ?', filter.targetId],
      ['id < ?', filter.beforeId],
    ]);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, actor_type, actor_id, action, target_type, target_id, detail, created_at FROM audit_log${where.sql} ORDER BY id DESC LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map(toAuditRecord);
  }

  /** The rows as one INSERT, for a caller that sends it with its other writes. */
  entriesInsert(rows: AuditRow[]): Statement {
    return entriesInsert(rows);
  }

  /** Inside the caller's transaction: the entry commits or rolls back with the change it records. */
  async insert(em: EntityManager, row: AuditRow): Promise<void> {
    const { sql, parameters } = this.entriesInsert([row]);
    await em.query(sql, parameters);
  }
}

const entriesInsert = rowsInserter<AuditRow>('audit_log', ['actorType', 'actorId', 'action', 'targetType', 'targetId', 'detail', 'createdAt']);

function toAuditRecord(r: Record<string, unknown>): AuditRecord {
  return {
    id: String(readInt(r.id)),
    actorType: String(r.actor_type) as AuditEntryView['actorType'],
    actorId: readTextOrNull(r.actor_id),
    action: String(r.action),
    targetType: String(r.target_type),
    targetId: String(r.target_id),
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    createdAt: readTime(r.created_at).toISOString(),
  };
}
