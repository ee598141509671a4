import type { MerchantStatus, StaffRole } from '../status';

export interface RegisterMerchantRequest {
  /** Login of the owner account created with the merchant. */
  username: string;
  password: string;
  displayName: string;
}

export interface KycSubmission {
  companyName: string;
  /** 统一社会信用代码, 18 characters with a valid check character. */
  creditCode: string;
  legalRepresentative: string;
  contactName: string;
  contactPhone: string;
  settlementAccountName: string;
  settlementAccountNo: string;
  settlementBankName: string;
  /** Uploaded images (POST /merchant/files): the business licence and the legal representative's ID card. */
  businessLicenceFileId: string;
  legalRepIdFileId: string;
}

/** Short-lived links to the KYC images, for the merchant's owners/managers and for operators. */
export interface KycDocumentLinks {
  businessLicenceUrl: string;
  legalRepIdUrl: string;
}

/** What a till needs to know of its merchant: cashiers get only this from GET /merchant (no KYC, no bank account). */
export interface MerchantSummary {
  id: string;
  displayName: string;
  status: MerchantStatus;
}

export interface MerchantView extends MerchantSummary {
  kyc: KycSubmission | null;
  rejectReason: string | null;
  /** Platform fee in basis points of redeemed principal (60 = 0.60%). */
  feeRateBps: number | null;
  /** Null when there is no submission with images yet, or on answers that do not show them (freeze, unfreeze). */
  kycDocuments: KycDocumentLinks | null;
  createdAt: string;
}

export interface ReviewDecision {
  decision: 'APPROVE' | 'REJECT';
  reason?: string;
  feeRateBps?: number;
}

export interface StoreView {
  id: string;
  merchantId: string;
  name: string;
  address: string;
}

export interface CreateStoreRequest {
  name: string;
  address: string;
}

export interface StaffView {
  id: string;
  merchantId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  storeIds: string[];
}

export interface CreateStaffRequest {
  username: string;
  password: string;
  displayName: string;
  role: Exclude<StaffRole, 'OWNER'>;
  storeIds: string[];
}
