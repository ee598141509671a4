import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { LedgerVerifier } from '../../src/ledger/ledger-verifier';
import type { PrivateRedis } from './private-redis';
import { startTestApp, type TestApp } from './test-app';

/**
 * Something a describe block needs for all its tests (an app, a database), started before them and stopped after.
 * The handle is usable at once, so others can be built beside it, and reaches the thing only inside a test or hook.
 */
/** How long an app may take to start or to stop in a block's hooks. */
const HOOK_TIMEOUT_MS = 30_000;

export function startedForBlock<T extends object>(start: () => Promise<T>, stop: (value: T) => Promise<void>): T {
  let started: T | undefined;
  // starting or stopping a whole app can outlast Jest's 5 s on a busy box: stopping waits for a job's run in
  // progress (the first suite of a tier, on a clean clone, saw 5 s exceeded while every one of its tests had passed)
  beforeAll(async () => {
    started = await start();
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    if (started) await stop(started);
  }, HOOK_TIMEOUT_MS);
  const live = (): T => {
    if (!started) throw new Error('started in beforeAll: use it inside a test or a hook');
    return started;
  };
  // a proxy rather than copied getters, so the handle follows whatever T carries
  return new Proxy({} as T, { get: (_, key) => Reflect.get(live(), key) });
}

/** The whole app for one describe block; `actors(t)` can be built beside it. */
export function useTestApp(overrides: Record<string, string> = {}): TestApp {
  return startedForBlock(
    () => startTestApp(overrides),
    (t) => t.close(),
  );
}

/**
 * The whole app for a describeWithPrivateRedis block, on that block's redis-server (its URL is known only once the
 * block has started). A test may have killed the server: closing the app may then fail, and that fails no test.
 */
export function useTestAppOnRedis(redis: PrivateRedis, overrides: Record<string, string> = {}): TestApp {
  return startedForBlock(
    () => startTestApp({ ...overrides, REDIS_URL: redis.url }),
    (t) => t.close().catch(() => undefined),
  );
}

/** Applies the pending hot-account credits, then checks every ledger invariant: money moved by a test left none broken. */
export async function expectLedgerSound(t: TestApp): Promise<void> {
  await t.app.get(LedgerRollupService).runOnce();
  expect((await t.app.get(LedgerVerifier).verify()).violations).toEqual([]);
}
