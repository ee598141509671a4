// @ts-check
// After the runs: prove that no member code paid twice and that every card's money adds up.
import { info, ledgerVerify } from './env.mjs';

const n = (v) => Number(v ?? 0);

/**
 * The verdict of a sales bench once its load has stopped: the hot-account sides still pending applied, then the
 * double-spend check below (doubleSpend sums every way a code or a card paid wrong) and ledger-verify.
 */
export async function verifySales(db, env, { credited, acknowledged }) {
  info('verifying: rollup, no double spend, ledger-verify…');
  await db.rollup.runOnce();
  const check = await checkNoDoubleSpend(db.ds, { credited, acknowledged });
  const verify = ledgerVerify(env);
  return { check, verify, doubleSpend: check.codesUsedTwice + check.codeRowMismatches + check.cardsMismatched + check.cardsNegative };
}

/**
 * - every code used at most once, and used ⇔ it has its one redemption;
 * - per card: principal/bonus balance = credited − Σ its redemptions' parts, points = Σ points earned, none negative;
 * - redemptions in the database = 2xx answers the load generator counted (no ghost or lost redemption).
 */
export async function checkNoDoubleSpend(ds, { credited, acknowledged }) {
  const [dup] = await ds.query(
    'SELECT COUNT(*) AS n FROM (SELECT member_code_id FROM redemptions GROUP BY member_code_id HAVING COUNT(*) > 1) d',
  );
  // Both halves join through a primary key: redemptions.member_code_id has no index (single use lives on the code
  // row), and joining on it made this check quadratic — minutes at 30,000 codes.
  // (a) every redemption's code is used, by that redemption
  const [redemptionWithoutCode] = await ds.query(
    `SELECT COUNT(*) AS n FROM redemptions r JOIN member_codes m ON m.id = r.member_code_id
     WHERE m.used_at IS NULL OR m.redemption_id IS NULL OR m.redemption_id <> r.id`,
  );
  // (b) every used code names a redemption of that code
  const [codeWithoutRedemption] = await ds.query(
    `SELECT COUNT(*) AS n FROM member_codes m LEFT JOIN redemptions r ON r.id = m.redemption_id
     WHERE m.used_at IS NOT NULL AND (r.id IS NULL OR r.member_code_id <> m.id)`,
  );
  const codeMismatch = { n: n(redemptionWithoutCode.n) + n(codeWithoutRedemption.n) };
  const cards = await ds.query(
    `SELECT c.id,
            p.credits_posted - p.debits_posted - p.debits_pending AS principal,
            b.credits_posted - b.debits_posted - b.debits_pending AS bonus,
            pt.credits_posted - pt.debits_posted - pt.debits_pending AS points,
            r.n, r.amount, r.principal AS r_principal, r.bonus AS r_bonus, r.points AS r_points
     FROM cards c
     JOIN ledger_accounts p ON p.id = c.principal_account_id
     JOIN ledger_accounts b ON b.id = c.bonus_account_id
     JOIN ledger_accounts pt ON pt.id = c.points_account_id
     LEFT JOIN (SELECT card_id, COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(principal_fen) AS principal, SUM(bonus_fen) AS bonus,
                       SUM(points) AS points FROM redemptions GROUP BY card_id) r ON r.card_id = c.id`,
  );
  const mismatched = [];
  let negative = 0;
  let redeemedFen = 0;
  for (const c of cards) {
    const want = credited.get(c.id) ?? { principal: 0, bonus: 0 };
    const [principal, bonus, points] = [n(c.principal), n(c.bonus), n(c.points)];
    redeemedFen += n(c.amount);
    if (principal < 0 || bonus < 0 || points < 0) negative++;
    const ok =
      principal === want.principal - n(c.r_principal) &&
      bonus === want.bonus - n(c.r_bonus) &&
      principal + bonus === want.principal + want.bonus - n(c.amount) &&
      points === n(c.r_points);
    if (!ok) mismatched.push({ card: c.id, principal, bonus, points, credited: want, redeemed: { n: n(c.n), amount: n(c.amount) } });
  }
  const [{ count }] = await ds.query('SELECT COUNT(*) AS count FROM redemptions');
  return {
    codesUsedTwice: n(dup.n),
    codeRowMismatches: n(codeMismatch.n),
    cardsMismatched: mismatched.length,
    cardsNegative: negative,
    firstMismatches: mismatched.slice(0, 3),
    redemptions: n(count),
    acknowledged,
    redeemedFen,
    cardsChecked: cards.length,
  };
}

const COUNTERS = ['Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_begin', 'Com_commit', 'Com_set_option'];

/** MariaDB's global statement counters (server-wide: other clients of the same server add noise). */
export async function dbCounters(ds) {
  const rows = await ds.query(`SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`, COUNTERS);
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
}

/** Statements per request between two dbCounters() readings, e.g. { Questions: 21.0, Com_select: 9.0, … }. */
export function perRequest(before, after, requests) {
  const per = (k) => Math.round(((after[k] - before[k]) / Math.max(requests, 1)) * 10) / 10;
  return Object.fromEntries(COUNTERS.map((k) => [k.replace('Com_', ''), per(k)]));
}
