// @ts-check
// A seeded generator (mulberry32): the same seed replays the same drill, request for request.

/** @param {number} seed */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** @param {number} n */
  const int = (n) => Math.floor(next() * n);
  /** @template T @param {readonly T[]} list @returns {T} */
  const pick = (list) => /** @type {T} */ (list[int(list.length)]);
  /** @param {number} p */
  const chance = (p) => next() < p;
  /** @param {number} length */
  const alnum = (length) => Array.from({ length }, () => pick([...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789'])).join('');
  const uuid = () => {
    const h = Array.from({ length: 32 }, () => int(16).toString(16));
    h[12] = '4';
    h[16] = '89ab'[int(4)] ?? '8';
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, chance, alnum, uuid };
}

/** @typedef {ReturnType<typeof seeded>} Rng */
