import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import type { Statement } from '../database/statements';
import { AuditRepository, type AuditRow } from './audit.repository';

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
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditRepository,
  ) {}

  /** Several entries as one statement, for a batch of redemptions to send with its other writes. */
  entriesInsert(entries: AuditEntry[]): Statement {
    const createdAt = this.clock.now();
    return this.audit.entriesInsert(entries.map((entry) => toRow(entry, createdAt)));
  }

  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.audit.insert(em, toRow(entry, this.clock.now()));
  }
}

function toRow(entry: AuditEntry, createdAt: Date): AuditRow {
  return {
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    createdAt,
  };
}
