// The benchmarks' fixed yardstick: a minimal NestJS app on Express with ONE route and no I/O. NEVER optimise it
// (no other adapter, no caching, no tuned options): the benches print their figures as ratios to its req/s, and
// those ratios only compare across runs and machines while this app stays exactly what it is. It is started in
// the same run as each scenario and driven with the same autocannon settings (scripts/bench/lib/yardstick.mjs).
// Plain JavaScript, so it needs no build: the decorators are applied by hand.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { ExpressAdapter } = require('@nestjs/platform-express');

class YardstickController {
  ping() {
    return { status: 'ok' };
  }
}
Controller()(YardstickController);
Get('yardstick')(YardstickController.prototype, 'ping', Object.getOwnPropertyDescriptor(YardstickController.prototype, 'ping'));

class YardstickModule {}
Module({ controllers: [YardstickController] })(YardstickModule);

async function main() {
  const app = await NestFactory.create(YardstickModule, new ExpressAdapter(), { logger: ['error', 'warn'] });
  await app.listen(Number(process.env.PORT || 0), '127.0.0.1');
  // the first stdout line names the URL (as the channel sandbox does), so the bench can read it
  console.log(`yardstick listening on http://127.0.0.1:${app.getHttpServer().address().port}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().finally(() => process.exit(0)));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exit(1);
}
