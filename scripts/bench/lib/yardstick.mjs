// @ts-check
// The fixed yardstick (scripts/bench/yardstick/server.mjs): started in the same run as a scenario, driven with the
// same autocannon settings, so a scenario's req/s is printed as a ratio to it and compares across runs and machines.
import { fire } from './load.mjs';
import { describeChild, startSampler, startYardstick, stopChild } from './procs.mjs';
import { daemonPids, info } from './env.mjs';
import { running } from './run.mjs';

/**
 * Starts the yardstick, warms it up, measures GET /yardstick for `seconds` over `connections`, stops it.
 * Returns the shape of fire() plus the sampler's cpu/rss. Run it while the BFF is idle or stopped.
 */
export async function measureYardstick(env, { connections, seconds, warmupSeconds }) {
  running.yardstick = await startYardstick(env);
  describeChild(running.yardstick.child);
  const url = `${running.yardstick.url}/yardstick`;
  try {
    await fire(url, { connections, seconds: warmupSeconds });
    const stop = startSampler(running.yardstick.pid, daemonPids());
    const result = await fire(url, { connections, seconds });
    // the sampler calls the process under load "bff": in the tables' yardstick row that column is the yardstick's
    const sample = stop();
    info(`yardstick: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors; CPU % ${JSON.stringify(sample.cpu)}`);
    return { label: 'yardstick', ...result, ...sample };
  } finally {
    await stopChild(running.yardstick.child);
    running.yardstick = null;
  }
}

/** x / y to two decimals; null when the yardstick measured nothing. */
export const ratio = (x, y) => (y > 0 ? Math.round((x / y) * 100) / 100 : null);
