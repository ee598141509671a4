import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns';

@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @StringColumn('actor_type', 16)
  actorType: string;

  @RefColumn('actor_id', { nullable: true })
  actorId: string | null;

  @StringColumn('action', 64)
  action: string;

  @StringColumn('target_type', 32)
  targetType: string;

  @StringColumn('target_id', 64)
  targetId: string;

  @JsonColumn('detail', { nullable: true })
  detail: Record<string, unknown> | null;

  @TimeColumn('created_at')
  createdAt: Date;
}
