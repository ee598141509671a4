import { Injectable } from '@nestjs/common';
import type { StaffRole } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { GroupCommit } from '../common/group-commit';
import { placeholders } from '../database/sql-values';

/** What a staff request is allowed to do now, read from the account (not from the token). */
export interface StaffStanding {
  merchantId: string;
  role: StaffRole;
  storeIds: string[];
  active: boolean;
}

/**
 * Reads staff accounts for the auth guard. Every staff request needs a read that started after it arrived (a
 * deactivation applies from the very next request), so nothing is cached; under load the reads are coalesced:
 * the requests that arrive while a read is running share the next one (`WHERE id IN (…)`). Alone, a request
 * reads at once.
 */
@Injectable()
export class StaffDirectory {
  private readonly reads = new GroupCommit<string, StaffStanding | null>((ids) => this.readMany(ids), { maxBatch: 256, maxInFlight: 2 });

  constructor(private readonly dataSource: DataSource) {}

  standing(staffId: string): Promise<StaffStanding | null> {
    return this.reads.submit(staffId);
  }

  private async readMany(staffIds: string[]) {
    const ids = [...new Set(staffIds)];
    const rows = (await this.dataSource.query(`SELECT id, merchant_id, role, store_ids, active FROM staff_users WHERE id IN (${placeholders(ids.length)})`, ids)) as Array<
      Record<string, unknown>
    >;
    const byId = new Map(
      rows.map((row): [string, StaffStanding] => [
        String(row.id),
        {
          merchantId: String(row.merchant_id),
          role: row.role as StaffRole,
          storeIds: JSON.parse(String(row.store_ids)) as string[],
          active: row.active === true || Number(row.active) === 1,
        },
      ]),
    );
    // each request gets its own copy of the store list
    return staffIds.map((id) => {
      const found = byId.get(id);
      return { ok: true as const, value: found ? { ...found, storeIds: [...found.storeIds] } : null };
    });
  }
}
