// @ts-check
// Load generation with autocannon's programmatic API (same connection count for every scenario).
import autocannon from 'autocannon';

/** Never valid (unknown code id): sent only if a run outlasts its minted codes, so it shows up as an error. */
const EXHAUSTED_CODE = '931000000000000000';

/** Hands out each minted code (or { code, couponId } sale) exactly once. */
export function codePool(codes) {
  let next = 0;
  const pool = {
    exhausted: 0,
    take: () => (next < codes.length ? codes[next++] : (pool.exhausted++, typeof codes[0] === 'object' ? { code: EXHAUSTED_CODE } : EXHAUSTED_CODE)),
    add: (more) => codes.push(...more),
    get left() {
      return codes.length - next;
    },
  };
  return pool;
}

let orderSeq = 0;

/**
 * POST /merchant/redemptions: every request a fresh code and a fresh merchant order number. With `coupons` (a pool
 * of { code, couponId } from mintCouponSales), every `couponEvery`-th request is a sale with its holder's coupon.
 */
export function redemptionRequest({ staffToken, storeId, pool, amountFen, tag, coupons = null, couponEvery = 10 }) {
  let seq = 0;
  return {
    method: 'POST',
    path: '/merchant/redemptions',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
    setupRequest: (req) => {
      const sale = coupons && ++seq % couponEvery === 0 ? coupons.take() : { code: pool.take() };
      const body = { code: sale.code, amountFen, storeId, merchantOrderNo: `BENCH-${tag}-${process.pid}-${++orderSeq}`, ...(sale.couponId ? { couponId: sale.couponId } : {}) };
      return { ...req, body: JSON.stringify(body) };
    },
  };
}

/**
 * One autocannon run; returns the numbers the report needs.
 * @param {string} url
 * @param {{ connections: number, seconds: number, request?: object }} options
 */
export function fire(url, { connections, seconds, request }) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration: seconds, timeout: 10, requests: [request ?? { method: 'GET' }], excludeErrorStats: false },
      (error, r) => {
        if (error) return reject(error);
        const ok = r['2xx'];
        resolve({
          seconds: r.duration,
          ok,
          rps: Math.round(ok / r.duration),
          totalRps: Math.round((ok + r.non2xx + r.errors) / r.duration),
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          errors: r.non2xx + r.errors, // autocannon counts timeouts among errors
          statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
        });
      },
    );
  });
}
