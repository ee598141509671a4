import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { readEnvFile } from './config/env-file';

async function main(): Promise<void> {
  const envFile = readEnvFile();
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const profile = config.isEmbedded ? `embedded (SQLite ${config.SQLITE_PATH}, single node)` : 'MySQL/MariaDB';
  new Logger('Main').log(`JuCard BFF listening on http://${config.HOST}:${config.PORT} — database: ${profile}, key-value store: ${config.REDIS_URL ? 'Redis' : 'in-process'}, outside endpoints: ${config.endpoints.mode}${envFile ? `, read ${envFile}` : ''}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('JuCard BFF failed to start:', error);
  }
  process.exit(1);
});
