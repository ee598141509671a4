import { Injectable } from '@nestjs/common';
import { GroupCommit } from '../common/group-commit';
import { IdentityRepository, type StaffStanding } from './identity.repository';

export type { StaffStanding } from './identity.repository';

/**
 * Reads staff accounts for the auth guard. Every staff request needs a read that started after it arrived (a
 * deactivation applies from the very next request), so nothing is cached; under load the reads are coalesced:
 * the requests that arrive while a read is running share the next one (`WHERE id IN (…)`). Alone, a request
 * reads at once.
 */
@Injectable()
export class StaffDirectory {
  private readonly reads = new GroupCommit<string, StaffStanding | null>((ids) => this.readMany(ids), { maxBatch: 256, maxInFlight: 2 });

  constructor(private readonly identities: IdentityRepository) {}

  standing(staffId: string): Promise<StaffStanding | null> {
    return this.reads.submit(staffId);
  }

  private async readMany(staffIds: string[]) {
    const byId = await this.identities.staffStandings([...new Set(staffIds)]);
    // each request gets its own copy of the store list
    return staffIds.map((id) => {
      const found = byId.get(id);
      return { ok: true as const, value: found ? { ...found, storeIds: [...found.storeIds] } : null };
    });
  }
}
