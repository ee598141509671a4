import { Logger, Module } from '@nestjs/common';
import { AppConfig, ConfigError } from '../config/app-config';
import { FileLinks } from './file-links';
import { FileStore } from './file-store';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { LocalDiskFileStore } from './local-disk-file-store';
import { S3FileStore } from './s3-file-store';

/** The store named by FILE_STORE; an S3 store without its settings stops the boot with a sentence. */
export function fileStoreFor(config: AppConfig): FileStore {
  if (config.FILE_STORE === 'local') return new LocalDiskFileStore(config.UPLOADS_DIR);
  const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((name) => !config[name]);
  if (missing.length > 0) throw new ConfigError(`FILE_STORE=s3 needs ${missing.join(', ')}. See .env.example.`);
  return new S3FileStore({
    endpoint: config.S3_ENDPOINT ?? '',
    region: config.S3_REGION,
    bucket: config.S3_BUCKET ?? '',
    accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
  });
}

@Module({
  controllers: [FilesController],
  providers: [
    FilesRepository,
    FilesService,
    {
      provide: FileStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const store = fileStoreFor(config);
        new Logger('FileStore').log(`uploads go to the ${store.description}`);
        return store;
      },
    },
    { provide: FileLinks, inject: [AppConfig], useFactory: (config: AppConfig) => new FileLinks(config.JWT_SECRET) },
  ],
  exports: [FilesService],
})
export class FilesModule {}
