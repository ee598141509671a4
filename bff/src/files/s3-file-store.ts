import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DomainError } from '../common/domain-error';
import { assertStorageKey, FileStore } from './file-store';

export interface S3StoreOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (http://host/bucket/key): what MinIO, Ceph and most self-hosted stores expect. */
  forcePathStyle: boolean;
}

/** Any S3-compatible object store (AWS S3, Tencent COS, Aliyun OSS in S3 mode, MinIO…). */
export class S3FileStore extends FileStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    super();
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      maxAttempts: 2,
    });
  }

  get description(): string {
    return `S3-compatible store ${this.options.endpoint} bucket ${this.options.bucket}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertStorageKey(key);
    await this.outageAs503(() => this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: bytes, ContentType: contentType })));
  }

  async get(key: string): Promise<Buffer | null> {
    assertStorageKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      return this.outageAs503(() => Promise.reject(error as Error));
    }
  }

  /** The store down or refusing us is an outage for the caller (503 with a code), never a 500. */
  private async outageAs503<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      throw new DomainError('DEPENDENCY_UNAVAILABLE', `file store: ${status ?? (error as Error).message}`);
    }
  }
}
