import { IsIn, IsString } from 'class-validator';
import { OptionalString, OptionalUrl } from './setting-decorators';
import { SettlementConfig } from './settlement.config';

/** Where uploads (KYC images, card faces) are kept: a local folder, or an S3-compatible store (S3_*). */
export class FilesConfig extends SettlementConfig {
  @IsIn(['local', 's3'])
  FILE_STORE: 'local' | 's3' = 'local';

  @IsString()
  UPLOADS_DIR = '.data/uploads';

  @OptionalUrl()
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @OptionalString()
  S3_BUCKET?: string;

  @OptionalString()
  S3_ACCESS_KEY_ID?: string;

  @OptionalString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'true';
}
