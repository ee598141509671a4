import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CHECKS, LedgerInvariantsRepository, type LedgerCheck, type LedgerCounts } from './ledger-invariants.repository';

export interface Violation {
  check: string;
  description: string;
  /** Up to 20 offending rows (accounts, transfers, operations). */
  offenders: Array<Record<string, unknown>>;
}

export interface VerificationReport {
  ok: boolean;
  checkedAt: string;
  counts: LedgerCounts;
  checks: string[];
  violations: Violation[];
}

/** Checks the ledger's invariants on the live database (research/ledger.md §8); `npm run ledger:verify` prints it. */
@Injectable()
export class LedgerVerifier {
  constructor(
    private readonly dataSource: DataSource,
    // defaulted so the CLI and test factories can build the verifier from a DataSource alone
    private readonly repository: LedgerInvariantsRepository = new LedgerInvariantsRepository(dataSource),
  ) {}

  async verify(em: EntityManager = this.dataSource.manager): Promise<VerificationReport> {
    const violations: Violation[] = [];
    for (const check of CHECKS) {
      const rows = await this.repository.offenders(check, em);
      if (rows.length > 0) {
        violations.push({ check: check.name, description: check.description, offenders: rows.slice(0, 20).map(plain) });
      }
    }
    return {
      ok: violations.length === 0,
      checkedAt: new Date().toISOString(),
      counts: await this.repository.counts(em),
      checks: CHECKS.map((c) => c.name),
      violations,
    };
  }

  /** Keeps a verification's result with its business day (the day close shows the latest). */
  record(day: string, report: VerificationReport, at: Date): Promise<void> {
    return this.repository.recordCheck(day, { ok: report.ok, violations: report.violations.length, report }, at);
  }

  latestCheck(day: string): Promise<LedgerCheck | null> {
    return this.repository.latestCheck(day);
  }
}

function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}
