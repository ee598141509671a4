import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The browser tier tests what a person gets: the real H5 build. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const result = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the H5 build failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
  }
  console.log(`\nH5 build ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
