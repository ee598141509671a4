// @ts-check
// What the sale benchmarks (redeem.mjs, webhooks.mjs) share: their load knobs, the sale, the credit on each card,
// and the merchant they sell for. No bff/dist imports at load time: safe before the build.
import { info } from './env.mjs';
import { knob, SMOKE } from './run.mjs';

/** One sale: ¥1. */
export const AMOUNT_FEN = 100;
/** ¥220,000 per card: never the limit here. */
export const CREDIT = { principal: 20_000_000, bonus: 2_000_000 };

/**
 * The load knobs, each as [full default, smoke default]; BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_WARMUP_SECONDS,
 * BENCH_CARDS and BENCH_DB_POOL_SIZE override them. Logs the mode line every run starts with.
 * @param {{ connections: [number, number], seconds: [number, number], cards: [number, number], pool: [number, number] }} d
 * @param {string} [more] appended to the mode line
 */
export function saleLoad(d, more = '') {
  const load = {
    CONNECTIONS: knob('BENCH_CONNECTIONS', ...d.connections),
    SECONDS: knob('BENCH_SECONDS', ...d.seconds),
    WARMUP: knob('BENCH_WARMUP_SECONDS', 2, 1),
    CARDS: knob('BENCH_CARDS', ...d.cards),
    POOL: knob('BENCH_DB_POOL_SIZE', ...d.pool),
  };
  info(`mode ${SMOKE ? 'SMOKE' : 'full'}: ${load.CONNECTIONS} connections, ${load.WARMUP} s warm-up + ${load.SECONDS} s per scenario, ${load.CARDS} cards, DB_POOL_SIZE ${load.POOL}${more}`);
  return load;
}

/**
 * A merchant with `cards` consumers of one card each, set up through the API, each card credited CREDIT straight
 * in the database. Returns the fixtures' merchant and what each card was credited (for checkNoDoubleSpend).
 */
export async function sellingMerchant(fixtures, db, bffUrl, sandboxUrl, cards) {
  info(`setting up a merchant and ${cards} consumers with one card each through the API…`);
  const m = await fixtures.setUpMerchant(db, bffUrl, sandboxUrl, cards);
  await fixtures.creditCards(db, m.merchantId, m.cards, CREDIT.principal, CREDIT.bonus);
  info(`merchant ready: store ${m.storeId}, ${m.cards.length} cards credited ¥${(CREDIT.principal + CREDIT.bonus) / 100} each`);
  return { m, credited: new Map(m.cards.map((c) => [c.id, CREDIT])) };
}
