/**
 * Contracts (docs/compliance.md §8): a product's 预付卡章程 / 充值协议 in versions, accepted per consumer before a
 * claim or a top-up; the platform's 用户协议 and 隐私政策, accepted at sign-in.
 */

/** One version of a product's terms. Each edit in the back office that changes the text makes a new version. */
export interface ProductTermsView {
  version: number;
  text: string;
  publishedAt: string;
}

/**
 * GET /me/cards/:cardId/terms → CardTermsView: the card's product terms now in force and whether this consumer
 * accepted that version. POST /me/cards/:cardId/terms-acceptance { version } records it (a claim or a top-up can also
 * carry `acceptedTermsVersion`). A top-up without the current version accepted: 409 TERMS_NOT_ACCEPTED.
 */
export interface CardTermsView {
  /** null when the product has no terms of its own. */
  terms: ProductTermsView | null;
  accepted: boolean;
}

export interface TermsAcceptanceRequest {
  version: number;
}

export const PLATFORM_AGREEMENT_KINDS = ['USER_AGREEMENT', 'PRIVACY_POLICY'] as const;
export type PlatformAgreementKind = (typeof PLATFORM_AGREEMENT_KINDS)[number];

/** A platform agreement as shown at sign-in (GET /legal/agreements). */
export interface PlatformAgreementView {
  kind: PlatformAgreementKind;
  title: string;
  version: string;
  text: string;
}

/**
 * GET /me/agreements → AgreementsStatusView; POST /me/agreements (AgreementsAcceptanceRequest) records the versions
 * the consumer accepted at sign-in. A version other than the current one is a 422 naming the field.
 */
export interface AgreementsStatusView {
  agreements: Array<{ kind: PlatformAgreementKind; title: string; version: string; acceptedVersion: string | null; upToDate: boolean }>;
}

export interface AgreementsAcceptanceRequest {
  userAgreementVersion: string;
  privacyPolicyVersion: string;
}
