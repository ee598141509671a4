// @ts-check
// What the fuzz must not move: sums and counts of every table that holds money, read before and after.

const QUERIES = {
  ledger_accounts: 'SELECT SUM(debits_posted) AS dp, SUM(credits_posted) AS cp, SUM(debits_pending) AS dq, SUM(credits_pending) AS cq FROM ledger_accounts',
  ledger_transfers: 'SELECT COUNT(*) AS n, SUM(amount) AS amount FROM ledger_transfers',
  ledger_operations: 'SELECT COUNT(*) AS n FROM ledger_operations',
  redemptions: 'SELECT COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(refunded_fen) AS refunded FROM redemptions',
  redemption_reversals: 'SELECT COUNT(*) AS n, SUM(amount_fen) AS amount FROM redemption_reversals',
  topup_orders_paid: "SELECT COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(refunded_fen) AS refunded FROM topup_orders WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')",
  card_refunds: 'SELECT COUNT(*) AS n, SUM(principal_fen) AS principal FROM card_refunds',
  refund_parts: 'SELECT COUNT(*) AS n, SUM(amount_fen) AS amount FROM refund_parts',
  member_codes_used: 'SELECT COUNT(*) AS n FROM member_codes WHERE used_at IS NOT NULL',
  settlement_statements: 'SELECT COUNT(*) AS n FROM settlement_statements',
};

/** @param {{ query: (sql: string) => Promise<Record<string, unknown>[]> }} ds */
export async function moneySnapshot(ds) {
  /** @type {Record<string, string>} */
  const snapshot = {};
  for (const [table, sql] of Object.entries(QUERIES)) {
    const [row] = await ds.query(sql);
    // BIGINT sums come back as strings (or null on an empty table): compare them as text
    snapshot[table] = Object.values(row ?? {}).map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '0')).join('/');
  }
  return snapshot;
}

/** The tables whose figures differ: { table: [before, after] }. */
export function moneyDiff(before, after) {
  return Object.fromEntries(Object.keys(before).filter((k) => before[k] !== after[k]).map((k) => [k, [before[k], after[k]]]));
}
