import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
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

  /** Several entries in one statement (a batch of redemptions). */
  async recordMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const createdAt = this.clock.now();
    await em.getRepository(AuditEntryEntity).insert(entries.map((entry) => ({ ...entry, detail: (entry.detail ?? null) as AuditEntryEntity['detail'] & object, createdAt })));
  }

  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    await em.getRepository(AuditEntryEntity).insert({
      ...entry,
      detail: (entry.detail ?? null) as AuditEntryEntity['detail'] & object,
      createdAt: this.clock.now(),
    });
  }
}
