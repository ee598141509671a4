/** Closed status unions shared by the BFF and the mini-program. */

/** DRAFT: registered, KYC not yet submitted; REJECTED may resubmit KYC. */
export const MERCHANT_STATUSES = ['DRAFT', 'PENDING_REVIEW', 'APPROVED', 'REJECTED', 'FROZEN'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

export const STAFF_ROLES = ['OWNER', 'MANAGER', 'CASHIER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** FROZEN: by an operator or risk control (only they lift it); LOST: 挂失 by its holder (解挂 needs the holder's phone again). */
export const CARD_STATUSES = ['ACTIVE', 'FROZEN', 'CLOSED', 'LOST'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const PRODUCT_STATUSES = ['ACTIVE', 'RETIRED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const CARD_KINDS = ['NAMED', 'ANONYMOUS'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** How a redemption is taken from a card's principal and bonus. */
export const DEDUCTION_RULES = ['PRO_RATA', 'PRINCIPAL_FIRST', 'BONUS_FIRST'] as const;
export type DeductionRule = (typeof DEDUCTION_RULES)[number];

export function canMerchantOperate(status: MerchantStatus): boolean {
  switch (status) {
    case 'APPROVED':
      return true;
    case 'DRAFT':
    case 'PENDING_REVIEW':
    case 'REJECTED':
    case 'FROZEN':
      return false;
  }
}

/**
 * Whether the merchant's tills still take its cards. A FROZEN merchant stops taking prepayments (top-ups, new cards:
 * canMerchantOperate) but keeps honouring the cards already sold (消保条例 2024 Art. 22; docs/compliance.md).
 */
export function canMerchantHonourCards(status: MerchantStatus): boolean {
  switch (status) {
    case 'APPROVED':
    case 'FROZEN':
      return true;
    case 'DRAFT':
    case 'PENDING_REVIEW':
    case 'REJECTED':
      return false;
  }
}

/** KYC may be (re)submitted before approval and after a rejection. */
export function canSubmitKyc(status: MerchantStatus): boolean {
  switch (status) {
    case 'DRAFT':
    case 'REJECTED':
      return true;
    case 'PENDING_REVIEW':
    case 'APPROVED':
    case 'FROZEN':
      return false;
  }
}

export function canCardMoveMoney(status: CardStatus): boolean {
  switch (status) {
    case 'ACTIVE':
      return true;
    case 'FROZEN':
    case 'CLOSED':
    case 'LOST':
      return false;
  }
}

/** Staff roles that may manage stores, staff and products (cashiers only redeem). */
export function canManageMerchant(role: StaffRole): boolean {
  switch (role) {
    case 'OWNER':
    case 'MANAGER':
      return true;
    case 'CASHIER':
      return false;
  }
}
