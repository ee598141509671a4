// @ts-check
// After a settlement run of a seeded day: prove every merchant got exactly what it redeemed less what it reversed,
// that each redemption and reversal was settled once, that every statement was paid out once at the custody bank,
// and that the reconciliation found exactly the differences the bench put into the bills.
import { dist } from './env.mjs';

const { ACCOUNT_CODES, LEDGERS, TRANSFER_CODES } = dist('ledger/ledger.constants.js');
const { settlementFee } = dist('settlement/settlement-fee.js');

const n = (v) => Number(v ?? 0);
const SETTLED = `${TRANSFER_CODES.REDEMPTION}, ${TRANSFER_CODES.REVERSAL}`;

/**
 * `seeded`: [{ id, feeRateBps, expected: { redeemedFen, reversedFen, redemptionCount, reversalCount } }];
 * `payouts`: the sandbox bank's payouts as its API shows them (GET /__control/payouts). Returns { problems: [text], ...figures }.
 */
export async function checkSettlement(ds, { runId, seeded, defaultFeeRateBps, payouts }) {
  const problems = [];
  const statements = await ds.query(
    `SELECT id, merchant_id, redeemed_fen, reversed_fen, net_fen, fee_rate_bps, fee_fen, payout_fen, redemption_count, reversal_count, status, payout_no
       FROM settlement_statements WHERE run_id = ?`,
    [runId],
  );
  const byMerchant = new Map(statements.map((s) => [s.merchant_id, s]));
  const mismatched = [];
  let netFen = 0;
  let expectedNetFen = 0;
  for (const m of seeded) {
    const s = byMerchant.get(m.id);
    const e = m.expected;
    const net = e.redeemedFen - e.reversedFen;
    expectedNetFen += net;
    if (!s) {
      mismatched.push({ merchant: m.id, statement: null, expected: e });
      continue;
    }
    const rate = m.feeRateBps ?? defaultFeeRateBps;
    const fee = settlementFee(net, rate);
    netFen += n(s.net_fen);
    const ok =
      n(s.redeemed_fen) === e.redeemedFen && n(s.reversed_fen) === e.reversedFen && n(s.net_fen) === net &&
      n(s.redemption_count) === e.redemptionCount && n(s.reversal_count) === e.reversalCount &&
      n(s.fee_rate_bps) === rate && n(s.fee_fen) === fee && n(s.payout_fen) === net - fee;
    if (!ok) mismatched.push({ merchant: m.id, statement: s, expected: { ...e, net, rate, fee } });
  }
  if (statements.length !== seeded.length) problems.push(`${statements.length} statements for ${seeded.length} merchants`);
  if (mismatched.length) problems.push(`${mismatched.length} statements differ from the seeded day, e.g. ${JSON.stringify(mismatched[0])}`);

  const [marks] = await ds.query(
    `SELECT SUM(settlement_id IS NULL) AS unsettled, SUM(settlement_id IS NOT NULL) AS settled FROM ledger_transfers
      WHERE ledger = ${LEDGERS.CNY} AND code IN (${SETTLED})`,
  );
  const expectedLines = seeded.reduce((sum, m) => sum + m.expected.redemptionCount + m.expected.reversalCount, 0);
  if (n(marks.unsettled) !== 0) problems.push(`${n(marks.unsettled)} redemption/reversal transfers left unsettled`);
  if (n(marks.settled) !== expectedLines) problems.push(`${n(marks.settled)} transfers settled, ${expectedLines} seeded`);
  const [foreign] = await ds.query(
    `SELECT COUNT(*) AS n FROM ledger_transfers t LEFT JOIN settlement_statements s ON s.id = t.settlement_id
      WHERE t.settlement_id IS NOT NULL AND (t.ledger <> ${LEDGERS.CNY} OR t.code NOT IN (${SETTLED}) OR s.id IS NULL OR s.merchant_id <> t.merchant_id)`,
  );
  if (n(foreign.n) !== 0) problems.push(`${n(foreign.n)} transfers marked with a statement they do not belong to`);

  // payable → fee + payout clearing → reserve: once everything is settled and paid, no merchant is owed anything
  const [owed] = await ds.query(
    `SELECT COUNT(*) AS n FROM ledger_accounts a WHERE a.ledger = ${LEDGERS.CNY} AND a.code IN (${ACCOUNT_CODES.MERCHANT_PAYABLE}, ${ACCOUNT_CODES.PAYOUT_CLEARING})
        AND a.credits_posted - a.debits_posted
          + COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.credit_account_id = a.id AND t.credit_rollup_id IS NULL), 0)
          - COALESCE((SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.debit_account_id = a.id AND t.debit_rollup_id IS NULL), 0) <> 0`,
  );
  if (n(owed.n) !== 0) problems.push(`${n(owed.n)} merchant payable / payout clearing accounts not back to zero`);

  const notPaid = statements.filter((s) => s.status !== 'PAID').length;
  if (notPaid) problems.push(`${notPaid} statements not PAID`);
  const byNo = new Map(payouts.map((p) => [p.out_payout_no, p]));
  const payoutMismatch = statements.filter((s) => {
    const p = byNo.get(s.payout_no);
    return !p || p.status !== 'SUCCESS' || p.amount !== n(s.payout_fen);
  });
  if (payoutMismatch.length) problems.push(`${payoutMismatch.length} statements without exactly one successful payout of their amount at the bank`);
  if (payouts.length !== statements.length) problems.push(`${payouts.length} payouts at the bank for ${statements.length} statements`);
  return { problems, statements: statements.length, payouts: payouts.length, netFen, expectedNetFen, settledLines: n(marks.settled) };
}

/**
 * The day's reconciliation against what was put into the bills: the `injected` differences open, the `repairable`
 * payments (paid, never notified) repaired, and every other seeded payment (`matchable`) matched.
 */
export function checkReconciliation(view, differences, { injected, repairable, matchable }) {
  const problems = [];
  const incomplete = view.runs.filter((r) => r.status !== 'COMPLETED').map((r) => `${r.channel} ${r.status}`);
  if (view.runs.length !== 3 || incomplete.length) problems.push(`channel runs not all COMPLETED: ${JSON.stringify(view.runs.map((r) => [r.channel, r.status]))}`);
  const open = differences.filter((d) => d.status === 'OPEN');
  const repaired = differences.filter((d) => d.resolution === 'AUTO_REPAIRED');
  const key = (d) => `${d.channel}|${d.kind}`;
  const want = injected.map(key).sort();
  const got = open.map(key).sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`open differences ${JSON.stringify(got)}, injected ${JSON.stringify(want)}`);
  const repairedNos = new Set(repaired.map((d) => d.outTradeNo));
  const unrepaired = repairable.filter((r) => !repairedNos.has(r.outTradeNo));
  if (unrepaired.length || repaired.length !== repairable.length) {
    problems.push(`${repaired.length} differences repaired by a channel query, ${repairable.length} payments were never notified`);
  }
  const matched = view.runs.reduce((sum, r) => sum + r.matched, 0);
  const billLines = view.runs.reduce((sum, r) => sum + r.billLines, 0);
  if (matched !== matchable) problems.push(`${matched} bill lines matched, ${matchable} expected`);
  return { problems, open: open.length, repaired: repaired.length, matched, billLines };
}
