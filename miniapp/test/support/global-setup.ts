import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resetDatabase } from '../../../bff/test/support/database';
import { prepareTestEnv } from '../../../bff/test/support/test-env';

/**
 * The browser tier tests what a person gets: the real H5 build, served by the real BFF.
 * Like the BFF's own tiers, the test database is rebuilt from the migrations once; the test files
 * inherit the environment set here (database, JWT secret) and start the BFF in-process themselves.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const miniapp = resolve(__dirname, '../..');
  // a build of this run's own: Taro empties its output folder first, which would pull files from under a
  // test run that is serving dist/h5 at the same moment
  const outputRoot = `dist/h5-test-${process.pid}`;
  pruneOldTestBuilds(join(miniapp, 'dist'));
  const result = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: miniapp,
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: outputRoot },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the H5 build failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  }
  console.log(`\nH5 build ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.JUCARD_H5_DIST = join(miniapp, outputRoot);
  prepareTestEnv();
  await resetDatabase();
}

/** Removes the builds of finished runs: their Jest process is gone, or they are over an hour old. */
function pruneOldTestBuilds(dist: string): void {
  let names: string[];
  try {
    names = readdirSync(dist).filter((name) => /^h5-test-\d+$/.test(name));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dist, name);
    if (!isRunning(Number(name.slice('h5-test-'.length))) || Date.now() - statSync(path).mtimeMs > 3600_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
