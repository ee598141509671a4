import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { readInt, readTime, sqlTime } from '../database/sql-values';

export interface LedgerCounts {
  accounts: number;
  transfers: number;
  operations: number;
  rollups: number;
}

/** The last stored result of `ledger:verify` for a business day. */
export interface LedgerCheck {
  ok: boolean;
  violations: number;
  checkedAt: Date;
}

export interface Check {
  name: string;
  description: string;
  /** SQL returning one row per offender; an empty result means the invariant holds. */
  sql: string;
}

// Each check is one query whose rows are the offenders (docs/ledger.md, "Invariants").
export const CHECKS: Check[] = [
  {
    name: 'double_entry',
    description: 'per ledger, posted totals plus not-yet-rolled-up transfers equal the sum of all transfers on both sides',
    sql: `SELECT t.ledger, t.total,
            COALESCE(a.debits, 0) + COALESCE(ud.amount, 0) AS debits,
            COALESCE(a.credits, 0) + COALESCE(uc.amount, 0) AS credits
          FROM (SELECT ledger, SUM(amount) AS total FROM ledger_transfers GROUP BY ledger) t
          LEFT JOIN (SELECT ledger, SUM(debits_posted) AS debits, SUM(credits_posted) AS credits FROM ledger_accounts GROUP BY ledger) a ON a.ledger = t.ledger
          LEFT JOIN (SELECT ledger, SUM(amount) AS amount FROM ledger_transfers WHERE debit_rollup_id IS NULL GROUP BY ledger) ud ON ud.ledger = t.ledger
          LEFT JOIN (SELECT ledger, SUM(amount) AS amount FROM ledger_transfers WHERE credit_rollup_id IS NULL GROUP BY ledger) uc ON uc.ledger = t.ledger
          WHERE t.total <> COALESCE(a.debits, 0) + COALESCE(ud.amount, 0) OR t.total <> COALESCE(a.credits, 0) + COALESCE(uc.amount, 0)`,
  },
  {
    name: 'stored_equals_derived_debits',
    description: "an account's debits_posted equals the sum of its applied debit transfers",
    sql: `SELECT a.id, a.debits_posted AS stored, COALESCE(d.amount, 0) AS derived FROM ledger_accounts a
          LEFT JOIN (SELECT debit_account_id AS id, SUM(amount) AS amount FROM ledger_transfers WHERE debit_rollup_id IS NOT NULL GROUP BY debit_account_id) d ON d.id = a.id
          WHERE a.debits_posted <> COALESCE(d.amount, 0)`,
  },
  {
    name: 'stored_equals_derived_credits',
    description: "an account's credits_posted equals the sum of its applied credit transfers",
    sql: `SELECT a.id, a.credits_posted AS stored, COALESCE(c.amount, 0) AS derived FROM ledger_accounts a
          LEFT JOIN (SELECT credit_account_id AS id, SUM(amount) AS amount FROM ledger_transfers WHERE credit_rollup_id IS NOT NULL GROUP BY credit_account_id) c ON c.id = a.id
          WHERE a.credits_posted <> COALESCE(c.amount, 0)`,
  },
  {
    name: 'rollups_match_transfers',
    description: 'each rollup equals the sum and count of the transfers it marked, on its own account and side',
    sql: `SELECT r.id, r.side, r.amount, r.transfer_count, COALESCE(m.amount, 0) AS marked_amount, COALESCE(m.n, 0) AS marked_count FROM ledger_rollups r
          LEFT JOIN (
            SELECT debit_rollup_id AS rid, 'D' AS side, debit_account_id AS account_id, SUM(amount) AS amount, COUNT(*) AS n FROM ledger_transfers WHERE debit_rollup_id > 0 GROUP BY debit_rollup_id, debit_account_id
            UNION ALL
            SELECT credit_rollup_id, 'C', credit_account_id, SUM(amount), COUNT(*) FROM ledger_transfers WHERE credit_rollup_id > 0 GROUP BY credit_rollup_id, credit_account_id
          ) m ON m.rid = r.id AND m.side = r.side AND m.account_id = r.account_id
          WHERE COALESCE(m.amount, 0) <> r.amount OR COALESCE(m.n, 0) <> r.transfer_count`,
  },
  {
    name: 'hot_and_cold_sides',
    description: 'cold accounts are applied at once (marker 0), never through a rollup',
    sql: `SELECT t.seq, t.id FROM ledger_transfers t
          JOIN ledger_accounts d ON d.id = t.debit_account_id
          JOIN ledger_accounts c ON c.id = t.credit_account_id
          WHERE ((d.flags & 2) = 0 AND (t.debit_rollup_id IS NULL OR t.debit_rollup_id <> 0))
             OR ((c.flags & 2) = 0 AND (t.credit_rollup_id IS NULL OR t.credit_rollup_id <> 0))`,
  },
  {
    name: 'non_negative',
    description: 'no column is negative and no guarded account (cards) has debits beyond its credits',
    sql: `SELECT id, owner_ref, debits_posted, credits_posted, debits_pending FROM ledger_accounts
          WHERE debits_posted < 0 OR credits_posted < 0 OR debits_pending < 0 OR credits_pending < 0
             OR ((flags & 1) <> 0 AND debits_posted + debits_pending > credits_posted)`,
  },
  {
    name: 'transfer_shape',
    description: 'amounts are positive, the two sides differ, and both accounts are on the transfer’s ledger',
    sql: `SELECT t.seq, t.id, t.amount, t.ledger FROM ledger_transfers t
          LEFT JOIN ledger_accounts d ON d.id = t.debit_account_id
          LEFT JOIN ledger_accounts c ON c.id = t.credit_account_id
          WHERE t.amount <= 0 OR t.debit_account_id = t.credit_account_id
             OR d.id IS NULL OR c.id IS NULL OR d.ledger <> t.ledger OR c.ledger <> t.ledger`,
  },
  {
    name: 'operations_at_most_once',
    description: 'posted operations have transfers, refused ones have none, and every transfer belongs to a posted operation',
    // three probes by key rather than one GROUP BY over every operation (a temporary table on a big ledger)
    sql: `SELECT o.id, o.status, 0 AS transfers FROM ledger_operations o
          WHERE o.status = 'POSTED' AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.operation_id = o.id)
          UNION ALL
          SELECT o.id, o.status, 1 FROM ledger_operations o
          WHERE o.status = 'REJECTED' AND EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.operation_id = o.id)
          UNION ALL
          SELECT t.operation_id, 'MISSING', COUNT(*) FROM ledger_transfers t
          LEFT JOIN ledger_operations o ON o.id = t.operation_id
          WHERE o.id IS NULL GROUP BY t.operation_id`,
  },
];

/** The ledger's invariant checks as SQL, and the results kept per business day (`ledger_checks`). */
@Injectable()
export class LedgerInvariantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The rows that break one check; none means it holds. */
  offenders(check: Check, em: EntityManager = this.dataSource.manager): Promise<Array<Record<string, unknown>>> {
    return em.query(check.sql);
  }

  async counts(em: EntityManager = this.dataSource.manager): Promise<LedgerCounts> {
    const [counts] = await em.query<Array<Record<string, unknown>>>(
      `SELECT (SELECT COUNT(*) FROM ledger_accounts) AS accounts, (SELECT COUNT(*) FROM ledger_transfers) AS transfers,
              (SELECT COUNT(*) FROM ledger_operations) AS operations, (SELECT COUNT(*) FROM ledger_rollups) AS rollups`,
    );
    return {
      accounts: readInt(counts?.accounts),
      transfers: readInt(counts?.transfers),
      operations: readInt(counts?.operations),
      rollups: readInt(counts?.rollups),
    };
  }

  async recordCheck(day: string, check: { ok: boolean; violations: number; report: unknown }, at: Date): Promise<void> {
    await this.dataSource.query('INSERT INTO ledger_checks (business_date, ok, violations, report, checked_at) VALUES (?, ?, ?, ?, ?)', [
      day,
      check.ok,
      check.violations,
      JSON.stringify(check.report),
      sqlTime(at),
    ]);
  }

  async latestCheck(day: string): Promise<LedgerCheck | null> {
    const [row] = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT ok, violations, checked_at FROM ledger_checks WHERE business_date = ? ORDER BY id DESC LIMIT 1', [
      day,
    ]);
    if (!row) return null;
    return { ok: row.ok === true || readInt(row.ok) === 1, violations: readInt(row.violations), checkedAt: readTime(row.checked_at) };
  }
}
