// Outgoing notifications (channel -> merchant notify_url): an in-memory queue with each channel's retry
// schedule on the scaled clock, fault injection (drop, delay, duplicate, reorder) and a record of every
// attempt for assertions (GET /__control/notifications). In-memory only: a restart forgets pending retries,
// which is fine for a sandbox (the merchant's query poller covers lost notifications, as in production).
import { sleep } from './util.mjs';

const MAX_ENTRIES = 2000;
const DELIVERY_TIMEOUT_MS = 5000; // WeChat and Alipay both expect an answer within ~5 s
const MAX_RESPONSE_CHARS = 200;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
// Delays before each retry, after the first attempt.
export const SCHEDULES = {
  // WeChat Pay v3: 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h (24h4m in all).
  wechatpay: [15, 15, 30].map((s) => s * SECOND).concat([3, 10, 20, 30, 30, 30, 60].map((m) => m * MINUTE), [3, 3, 3, 6, 6].map((h) => h * HOUR)),
  // Alipay: 4m/10m/10m/1h/2h/6h/15h (8 notifications within ~25 h).
  alipay: [4 * MINUTE, 10 * MINUTE, 10 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 15 * HOUR],
  // UnionPay documents "several retries with growing gaps" without a public table; reuse WeChat's cadence.
  unionpay: null,
};
SCHEDULES.unionpay = SCHEDULES.wechatpay;

export function createNotifier({ clock, faults, log = () => {} }) {
  let entries = [];
  let seq = 0;
  let generation = 0; // bumped by reset(): in-flight deliveries of an older generation stop quietly
  const held = new Map(); // channel -> entries held for reordering

  function view(entry) {
    const { build, isAck, timer, generation: _g, schedule, bypassFaults, ...rest } = entry;
    return structuredClone(rest);
  }

  async function post(url, { headers, body }) {
    const started = Date.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      const text = await res.text();
      return { status: res.status, text, ms: Date.now() - started };
    } catch (err) {
      return { error: err?.cause?.code ?? err?.name ?? String(err), ms: Date.now() - started };
    }
  }

  async function attempt(entry) {
    entry.timer = null;
    entry.nextAttemptAt = null;
    if (entry.generation !== generation || entry.state !== 'pending') return;
    const round = (entry.rounds += 1);
    const plan = entry.bypassFaults ? { drop: false, delayMs: 0, copies: 1 } : faults.takeDelivery(entry.channel);
    let acked = false;
    if (plan.drop) {
      entry.attempts.push({ round, copy: 1, at: new Date().toISOString(), outcome: 'dropped' });
    } else {
      if (plan.delayMs) await sleep(plan.delayMs);
      // Duplicates go out concurrently, as real duplicate deliveries race each other in the merchant.
      const copies = Array.from({ length: plan.copies }, (_, i) => i + 1);
      await Promise.all(
        copies.map(async (copy) => {
          const at = new Date().toISOString();
          const result = await post(entry.url, entry.build(round));
          const ok = result.error === undefined && entry.isAck(result.status, result.text);
          acked ||= ok;
          entry.attempts.push({
            round, copy, at,
            outcome: result.error !== undefined ? 'error' : ok ? 'acked' : 'rejected',
            ...(result.status !== undefined && { status: result.status, response: result.text.slice(0, MAX_RESPONSE_CHARS) }),
            ...(result.error !== undefined && { error: result.error }),
            ms: result.ms,
          });
        }),
      );
    }
    if (entry.generation !== generation) return;
    if (acked) {
      entry.state = 'delivered';
      return;
    }
    const delay = entry.schedule[round - 1];
    if (delay === undefined) {
      entry.state = 'failed';
      if (!entry.bypassFaults) log(`[notify] ${entry.channel} ${entry.kind} ${entry.ref}: gave up after ${round} attempts`);
      return;
    }
    entry.nextAttemptAt = new Date(Date.now() + delay / clock.scale).toISOString();
    entry.timer = clock.after(delay, () => run(entry));
  }

  const run = (entry) =>
    attempt(entry).catch((err) => log(`[notify] ${entry.channel} ${entry.kind} ${entry.ref}: ${err?.stack ?? err}`));

  async function release(channel) {
    const list = held.get(channel) ?? [];
    held.delete(channel);
    for (const entry of list.reverse()) {
      entry.state = 'pending';
      await run(entry); // one after another, newest first
    }
    return list.length;
  }

  function add(fields) {
    const entry = {
      id: `N${++seq}`,
      createdAt: new Date().toISOString(),
      state: 'pending',
      rounds: 0,
      attempts: [],
      nextAttemptAt: null,
      timer: null,
      generation,
      ...fields,
    };
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
    return entry;
  }

  return {
    /**
     * fields: channel, kind ('TRANSACTION.SUCCESS', 'trade_status_sync', …), ref (out_trade_no), eventId,
     * url, build(round) -> { headers, body }, isAck(status, text) -> boolean.
     */
    enqueue(fields) {
      const entry = add({ ...fields, schedule: SCHEDULES[fields.channel] });
      if (faults.reorderQuota(entry.channel) > 0) {
        faults.consumeReorder(entry.channel);
        entry.state = 'held';
        held.set(entry.channel, [...(held.get(entry.channel) ?? []), entry]);
        if (faults.reorderQuota(entry.channel) === 0) void release(entry.channel);
        return view(entry);
      }
      void run(entry);
      return view(entry);
    },

    /** One attempt, no retries, no faults (signature probes); resolves with the recorded entry. */
    async sendOnce(fields) {
      const entry = add({ ...fields, schedule: [], bypassFaults: true });
      await run(entry);
      return view(entry);
    },

    release,
    list: ({ channel, ref } = {}) =>
      entries.filter((e) => (!channel || e.channel === channel) && (!ref || e.ref === ref)).map(view),

    reset() {
      generation += 1;
      entries = [];
      held.clear();
    },
  };
}
