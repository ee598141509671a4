import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { MemberCodesService } from '../member-codes/member-codes.service';

/**
 * The money step's fast gate and its compensation, side by side: a sale claims its member code in the key-value
 * store before it may commit (a second presenter is refused at once), and gives the claim back on every path that
 * ends without consuming the code, so the consumer can show the same code again. The database's guarded UPDATE
 * stays the truth: a lost or stale claim can never let a code be used twice.
 */
@Injectable()
export class CodeClaims {
  constructor(private readonly codes: MemberCodesService) {}

  /** Claims each code (pipelined); false where another sale holds it. */
  take(codeIds: string[]): Promise<boolean[]> {
    return Promise.all(codeIds.map((id) => this.codes.claimFast(id)));
  }

  /** Compensation for a sale that ended in `failure` after taking its claim. */
  async release(codeId: string, failure: unknown): Promise<void> {
    // used: consumed for real, or held by another sale: the claim is not this sale's to give back
    if (failure instanceof DomainError && failure.code === 'MEMBER_CODE_USED') return;
    await this.codes.releaseFast(codeId);
  }

  /** Compensation for claims taken by a check that then failed as a whole. */
  async releaseAll(codeIds: string[]): Promise<void> {
    await Promise.all(codeIds.map((id) => this.codes.releaseFast(id)));
  }
}
