// @ts-check
// Fault injection per channel (and for the custody bank, `bank`), set through POST /__control/faults/{channel}
// (merged into what is set):
//   API calls (the BFF -> channel or bank):
//     timeoutMs: n       hang n ms before handling (the call still takes effect: "timed out but succeeded")
//     errorStatus: 5xx   answer that status without handling
//     down: 'refuse'     answer 503 + Connection: close without handling; 'reset': destroy the socket
//     apiCount: n        the three above apply to the next n calls only (default: until cleared)
//   Notifications (the channel -> the BFF; the bank sends none):
//     dropNext: n        lose the next n delivery attempts (they count as failed; the retry schedule goes on)
//     dropPercent: p     lose p% of attempts at random
//     delayMs: n         wait n ms (wall clock) before each attempt
//     duplicate: k       send every attempt k times
//     reorder: n         hold the next n notifications, then send them newest first
import { randomInt } from 'node:crypto';
import { CHANNELS } from './orders.mjs';

const FIELDS = {
  timeoutMs: (v) => Number.isSafeInteger(v) && v >= 0 && v <= 600_000,
  errorStatus: (v) => v === null || (Number.isSafeInteger(v) && v >= 500 && v <= 599),
  down: (v) => v === false || v === null || v === 'refuse' || v === 'reset',
  apiCount: (v) => v === null || (Number.isSafeInteger(v) && v >= 0),
  dropNext: (v) => Number.isSafeInteger(v) && v >= 0,
  dropPercent: (v) => typeof v === 'number' && v >= 0 && v <= 100,
  delayMs: (v) => Number.isSafeInteger(v) && v >= 0 && v <= 600_000,
  duplicate: (v) => Number.isSafeInteger(v) && v >= 1 && v <= 20,
  reorder: (v) => Number.isSafeInteger(v) && v >= 0 && v <= 100,
};

/** Who can be faulted: the payment channels and the custody bank. */
export const FAULT_TARGETS = [...CHANNELS, 'bank'];

const none = () => ({
  timeoutMs: 0, errorStatus: null, down: false, apiCount: null,
  dropNext: 0, dropPercent: 0, delayMs: 0, duplicate: 1, reorder: 0,
});

export function createFaults() {
  const byChannel = new Map(FAULT_TARGETS.map((c) => [c, none()]));

  return {
    /** Validates and merges; returns an error message or null. */
    set(channel, patch) {
      if (!byChannel.has(channel)) return `unknown channel ${channel}`;
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return 'body must be a JSON object';
      for (const [field, value] of Object.entries(patch)) {
        if (!FIELDS[field]) return `unknown fault ${field}; one of ${Object.keys(FIELDS).join(', ')}`;
        if (!FIELDS[field](value)) return `invalid value for ${field}: ${JSON.stringify(value)}`;
      }
      Object.assign(byChannel.get(channel), patch);
      return null;
    },
    has: (channel) => byChannel.has(channel),
    get: (channel) => ({ ...byChannel.get(channel) }),
    all: () => Object.fromEntries([...byChannel].map(([c, f]) => [c, { ...f }])),
    clear(channel) {
      if (channel) byChannel.set(channel, none());
      else for (const c of FAULT_TARGETS) byChannel.set(c, none());
    },

    /** What to do with the next API call of `channel`: null, or { down, errorStatus, timeoutMs }. */
    takeApi(channel) {
      const f = byChannel.get(channel);
      if (!f || (!f.down && !f.errorStatus && !f.timeoutMs)) return null;
      if (f.apiCount === 0) return null;
      if (f.apiCount !== null) f.apiCount -= 1;
      return { down: f.down, errorStatus: f.errorStatus, timeoutMs: f.timeoutMs };
    },

    /** Decides one delivery attempt of a notification: { drop, delayMs, copies }. */
    takeDelivery(channel) {
      const f = byChannel.get(channel);
      let drop = false;
      if (f.dropNext > 0) {
        f.dropNext -= 1;
        drop = true;
      } else if (f.dropPercent > 0 && randomInt(10_000) < f.dropPercent * 100) {
        drop = true;
      }
      return { drop, delayMs: f.delayMs, copies: f.duplicate };
    },

    /** How many notifications to hold for reordering; the notifier decrements as it holds them. */
    reorderQuota: (channel) => byChannel.get(channel).reorder,
    consumeReorder(channel) {
      byChannel.get(channel).reorder -= 1;
    },
  };
}
