/**
 * Files a merchant uploads: KYC documents (seen only by the merchant's owners/managers and by operators) and card
 * faces (shown to every consumer who opens the card).
 */
export const UPLOAD_PURPOSES = ['BUSINESS_LICENCE', 'LEGAL_REP_ID', 'CARD_LOGO', 'CARD_COVER'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

/** Image types accepted, decided by the file's first bytes, never by its name or the declared type. */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/** A phone photo of a licence is 1–3 MB; 4 MB leaves room without letting one request fill the store. */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024;

/** Card faces are public: a consumer's card shows them. Everything else is private. */
export function isPublicPurpose(purpose: UploadPurpose): boolean {
  switch (purpose) {
    case 'CARD_LOGO':
    case 'CARD_COVER':
      return true;
    case 'BUSINESS_LICENCE':
    case 'LEGAL_REP_ID':
      return false;
  }
}

/** Where a public file (a card face) is served, on the API's origin. */
export function publicFileUrl(fileId: string): string {
  return `/files/${fileId}`;
}

export interface UploadFileRequest {
  purpose: UploadPurpose;
  /** The file's bytes, base64 (the API speaks JSON only). */
  contentBase64: string;
}

export interface UploadedFileView {
  id: string;
  purpose: UploadPurpose;
  contentType: UploadContentType;
  sizeBytes: number;
  /** Path (on the API's origin) that serves the bytes; for a private file it is signed and expires in minutes. */
  url: string;
}
