import type { Fen } from '../money';

/**
 * Merchant API keys (grown out of the POS apps): each signs its requests with the POS scheme (HMAC-SHA256 over
 * method, path, timestamp, nonce and body hash) and may do exactly what its scopes allow.
 */
export const API_KEY_SCOPES = ['read_cards', 'redeem', 'topup_orders', 'refunds', 'coupons', 'webhooks'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface CreateApiKeyRequest {
  name: string;
  scopes: ApiKeyScope[];
  /** The stores the key acts for; the first is the one a POS sale is taken at. */
  storeIds: string[];
}

export type ApiKeyStatus = 'ACTIVE' | 'REVOKED';

export interface ApiKeyView {
  appKey: string;
  name: string;
  scopes: ApiKeyScope[];
  storeIds: string[];
  status: ApiKeyStatus;
  /** While a rotation's overlap lasts, the previous secret still signs; null when there is none. */
  previousSecretValidUntil: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The answer to a create or a rotation: the secret, shown this once. */
export interface ApiKeyCreated extends ApiKeyView {
  appSecret: string;
}

export interface RotateApiKeyRequest {
  /** How long the previous secret keeps working, 0 (at once) to 7 days; default 24 hours. */
  overlapSeconds?: number;
}

/** A card as an integrator reads it (scope read_cards). */
export interface OpenCardView {
  cardNo: string;
  status: string;
  balance: { principalFen: Fen; bonusFen: Fen; totalFen: Fen; points: number };
}
