import { IsOptional, IsString, Matches } from 'class-validator';
import { ServerConfig } from './server.config';
import { Int } from './setting-decorators';

/** The database and the key-value store; without URLs, the embedded profile (SQLite file, in-process store). */
export class StorageConfig extends ServerConfig {
  /** mysql://user:pass@host:port/db — when absent the embedded SQLite file is used. */
  @IsOptional()
  @Matches(/^mysql:\/\/.+\/[^/?]+/, { message: 'DATABASE_URL must look like mysql://user:password@host:3306/database' })
  DATABASE_URL?: string;

  @IsString()
  SQLITE_PATH = '.data/jucard.sqlite';

  @Int(1, 512)
  DB_POOL_SIZE = 32;

  /** redis://host:port, or redis+cluster://host:port,host:port for a Redis Cluster — when absent an in-process store is used (single node only). */
  @IsOptional()
  @Matches(/^(rediss?|redis\+cluster):\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379 or redis+cluster://host:7001,host:7002' })
  REDIS_URL?: string;

  get isEmbedded(): boolean {
    return !this.DATABASE_URL;
  }
}
