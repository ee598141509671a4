import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../config/app-config';
import { seedDemo } from './demo-data';

/** `npm run seed`: the demo data (demo-data.ts) and the logins to try it with, in .data/demo-logins.json. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.NODE_ENV === 'production') throw new Error('seed refuses to run with NODE_ENV=production');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, LEDGER_ROLLUP_INTERVAL_MS: 0 } as typeof config), {
    logger: ['error', 'warn'],
  });
  try {
    const logins = await seedDemo(app, new Logger('Seed'));
    const file = resolve('.data/demo-logins.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(logins, null, 2));
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
