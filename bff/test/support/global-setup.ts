import { resetDatabase } from './database';
import { prepareTestEnv } from './test-env';

export default async function globalSetup(): Promise<void> {
  prepareTestEnv();
  await resetDatabase();
}
