import { Injectable } from '@nestjs/common';
import type { UploadContentType, UploadPurpose } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { readInt, readTime, sqlTime } from '../database/sql-values';

export interface StoredFile {
  id: string;
  merchantId: string;
  purpose: UploadPurpose;
  /** Random key in the file store; never shown to clients. */
  storageKey: string;
  contentType: UploadContentType;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: Date;
}

/** Uploaded files' metadata: the files context's SQL (the bytes are in the FileStore). */
@Injectable()
export class FilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(f: StoredFile): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO uploaded_files (id, merchant_id, purpose, storage_key, content_type, size_bytes, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [f.id, f.merchantId, f.purpose, f.storageKey, f.contentType, f.sizeBytes, f.uploadedBy, sqlTime(f.createdAt)],
    );
  }

  async byId(id: string): Promise<StoredFile | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query('SELECT * FROM uploaded_files WHERE id = ? LIMIT 1', [id]);
    return rows[0] ? toStoredFile(rows[0]) : null;
  }

  /** This merchant's file uploaded for this purpose; anyone else's, or another purpose's, reads as missing. */
  async ownedFor(merchantId: string, id: string, purpose: UploadPurpose): Promise<StoredFile | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      'SELECT * FROM uploaded_files WHERE id = ? AND merchant_id = ? AND purpose = ? LIMIT 1',
      [id, merchantId, purpose],
    );
    return rows[0] ? toStoredFile(rows[0]) : null;
  }
}

function toStoredFile(r: Record<string, unknown>): StoredFile {
  return {
    id: String(r.id),
    merchantId: String(r.merchant_id),
    purpose: String(r.purpose) as UploadPurpose,
    storageKey: String(r.storage_key),
    contentType: String(r.content_type) as UploadContentType,
    sizeBytes: readInt(r.size_bytes),
    uploadedBy: String(r.uploaded_by),
    createdAt: readTime(r.created_at),
  };
}
