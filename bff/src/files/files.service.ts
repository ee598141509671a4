import { Inject, Injectable } from '@nestjs/common';
import {
  isPublicPurpose,
  UPLOAD_CONTENT_TYPES,
  UPLOAD_MAX_BYTES,
  type UploadContentType,
  type UploadedFileView,
  type UploadPurpose,
} from '@jucard/shared';
import { fileTypeFromBuffer } from 'file-type';
import type { StaffPrincipal } from '../auth/principal';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { FileLinks } from './file-links';
import { FileStore } from './file-store';
import { FilesRepository, type StoredFile } from './files.repository';

/** Uploads: checked by their bytes, stored under a random key, served by link to those allowed to see them. */
@Injectable()
export class FilesService {
  constructor(
    private readonly files: FilesRepository,
    @Inject(FileStore) private readonly store: FileStore,
    private readonly links: FileLinks,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async upload(staff: StaffPrincipal, purpose: UploadPurpose, contentBase64: string): Promise<UploadedFileView> {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length > UPLOAD_MAX_BYTES) throw new DomainError('FILE_TOO_LARGE', `${bytes.length} bytes`);
    const contentType = await sniffImage(bytes);
    const file: StoredFile = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      purpose,
      storageKey: this.ids.token(24),
      contentType,
      sizeBytes: bytes.length,
      uploadedBy: staff.staffId,
      createdAt: this.clock.now(),
    };
    // bytes first: a row never points at nothing; a stray object after a failed insert is harmless
    await this.store.put(file.storageKey, bytes, contentType);
    await this.files.insert(file);
    return this.view(file);
  }

  /** Refuses (422 on `field`) a file id that is not this merchant's upload for this purpose. */
  async requireOwn(merchantId: string, fileId: string, purpose: UploadPurpose, field: string): Promise<void> {
    if (!(await this.files.ownedFor(merchantId, fileId, purpose))) {
      throw new DomainError('VALIDATION_FAILED', field, { [field]: [`${field} must be an image this merchant uploaded as ${purpose}`] });
    }
  }

  /** The link a caller the API has already checked may use (signed for private files). */
  linkTo(fileId: string, purpose: UploadPurpose): string {
    return isPublicPurpose(purpose) ? this.links.publicLink(fileId) : this.links.signedLink(fileId, this.clock.now());
  }

  /** The bytes behind a link; a private file needs a valid signature. Every refusal is the same 404. */
  async open(fileId: string, expires: number | undefined, signature: string | undefined): Promise<{ bytes: Buffer; contentType: UploadContentType }> {
    const file = await this.files.byId(fileId);
    if (!file) throw new DomainError('FILE_NOT_FOUND');
    if (!isPublicPurpose(file.purpose) && !this.links.verify(file.id, expires, signature, this.clock.now())) throw new DomainError('FILE_NOT_FOUND');
    const bytes = await this.store.get(file.storageKey);
    if (!bytes) throw new DomainError('FILE_NOT_FOUND', 'missing from the store');
    return { bytes, contentType: file.contentType };
  }

  private view(f: StoredFile): UploadedFileView {
    return { id: f.id, purpose: f.purpose, contentType: f.contentType, sizeBytes: f.sizeBytes, url: this.linkTo(f.id, f.purpose) };
  }
}

/** The type the bytes say they are (magic numbers), among the accepted images; a renamed .exe is refused. */
async function sniffImage(bytes: Buffer): Promise<UploadContentType> {
  const detected = bytes.length > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  const accepted = UPLOAD_CONTENT_TYPES.find((type) => type === detected?.mime);
  if (!accepted) throw new DomainError('FILE_TYPE_NOT_ALLOWED', detected ? detected.mime : 'unknown content');
  return accepted;
}
