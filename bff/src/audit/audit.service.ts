import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { rowsInsert, sqlTime } from '../database/sql-values';
import type { Statement } from '../database/statements';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditEntry {
  actorType: 'consumer' | 'staff' | 'operator' | 'system';
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail?: Record<string, unknown>;
}

/** Every admin and money action leaves a row, written in the same transaction as the change it records. */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  /** Several entries as one statement, for a batch of redemptions to send with its other writes. */
  entriesInsert(entries: AuditEntry[]): Statement {
    const createdAt = sqlTime(this.clock.now());
    return rowsInsert(
      'audit_log',
      entries.map((entry) => ({
        actor_type: entry.actorType,
        actor_id: entry.actorId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
        created_at: createdAt,
      })),
    );
  }

  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await em.getRepository(AuditEntryEntity).insert({
      ...entry,
      detail: (entry.detail ?? null) as AuditEntryEntity['detail'] & object,
      createdAt: this.clock.now(),
    });
  }
}
