// @ts-check
// Channel time (retry schedules, refund settlement) runs `scale` times faster than the wall clock, so a test
// can watch WeChat's 24-hour retry schedule in milliseconds. Changing the scale reschedules pending timers
// with the nominal time they still have left.
export function createClock({ scale = 1 } = {}) {
  let current = checkScale(scale);
  const pending = new Set(); // { fn, remaining (nominal ms), startedAt (real ms), handle }

  function arm(timer) {
    timer.startedAt = Date.now();
    timer.handle = setTimeout(() => {
      pending.delete(timer);
      timer.fn();
    }, Math.max(0, Math.round(timer.remaining / current)));
    timer.handle.unref?.(); // a pending retry must not keep a finished test process alive
  }

  return {
    get scale() {
      return current;
    },
    setScale(next) {
      const checked = checkScale(next);
      for (const timer of pending) {
        clearTimeout(timer.handle);
        timer.remaining = Math.max(0, timer.remaining - (Date.now() - timer.startedAt) * current);
      }
      current = checked;
      for (const timer of pending) arm(timer);
    },
    /** Runs fn after `nominalMs` of channel time. */
    after(nominalMs, fn) {
      const timer = { fn, remaining: nominalMs };
      pending.add(timer);
      arm(timer);
      return timer;
    },
    cancel(timer) {
      if (timer && pending.delete(timer)) clearTimeout(timer.handle);
    },
    cancelAll() {
      for (const timer of pending) clearTimeout(timer.handle);
      pending.clear();
    },
  };
}

function checkScale(scale) {
  const n = Number(scale);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`time scale must be a positive number, got ${scale}`);
  return n;
}
