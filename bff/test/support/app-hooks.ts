import { LedgerRollupService } from '../../src/ledger/ledger-rollup.service';
import { LedgerVerifier } from '../../src/ledger/ledger-verifier';
import { startTestApp, type TestApp } from './test-app';

/**
 * The app for one describe block: started before its tests, closed after them. The handle is usable at once (so
 * `actors(t)` can be built beside it) and reaches the app only from inside a test or hook, once it is started.
 */
export function useTestApp(overrides: Record<string, string> = {}): TestApp {
  let started: TestApp | undefined;
  beforeAll(async () => {
    started = await startTestApp(overrides);
  });
  afterAll(() => started?.close());
  const live = (): TestApp => {
    if (!started) throw new Error('the test app starts in beforeAll: use it inside a test or a hook');
    return started;
  };
  // a proxy rather than copied getters, so the handle follows whatever TestApp carries
  return new Proxy({} as TestApp, { get: (_, key) => Reflect.get(live(), key) });
}

/** Applies the pending hot-account credits, then checks every ledger invariant: money moved by a test left none broken. */
export async function expectLedgerSound(t: TestApp): Promise<void> {
  await t.app.get(LedgerRollupService).runOnce();
  expect((await t.app.get(LedgerVerifier).verify()).violations).toEqual([]);
}
