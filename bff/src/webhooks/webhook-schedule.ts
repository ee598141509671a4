/**
 * Svix's retry schedule (https://docs.svix.com/retries): the first attempt at once, then 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h and 10 h after each failure — eight attempts over about 27 hours. An endpoint whose every delivery has
 * failed for 5 days is disabled. `scale` shrinks both for tests (WEBHOOK_SCHEDULE_SCALE; 1 in production).
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * HOUR;
/** Every attempt gives up after this long; an answer only counts when it is 2xx. */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;

export type AttemptOutcome = { status: 'SUCCEEDED'; attempts: number; nextAttemptAt: null } | { status: 'PENDING'; attempts: number; nextAttemptAt: Date } | { status: 'FAILED'; attempts: number; nextAttemptAt: null };

/** Where a dispatch stands after its attempt number `attempts + 1` succeeded or failed at `now`. */
export function afterAttempt(attemptsBefore: number, succeeded: boolean, now: Date, scale: number): AttemptOutcome {
  const attempts = attemptsBefore + 1;
  if (succeeded) return { status: 'SUCCEEDED', attempts, nextAttemptAt: null };
  const delay = RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) return { status: 'FAILED', attempts, nextAttemptAt: null };
  return { status: 'PENDING', attempts, nextAttemptAt: new Date(now.getTime() + Math.round(delay * scale)) };
}

/** The moment before which an endpoint must have started failing to be disabled at `now`. */
export function disableCutoff(now: Date, scale: number): Date {
  return new Date(now.getTime() - Math.round(DISABLE_AFTER_FAILING_MS * scale));
}

export function isSuccessStatus(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
