import type { Fen } from '../money';
import type { CardKind } from '../status';
import type { CardView } from './cards';

/**
 * 转赠 of a whole card (docs/compliance.md): the holder offers it through a one-time share link; a friend claims it
 * once (a named card after 实名), and the card's balances move to a new card of the friend in one transaction.
 * POST /me/cards/:cardId/gifts → CardGiftOffer (the link, shown once: it is stored hashed);
 * GET /me/cards/:cardId/gift → CardGiftView | null (the pending gift, for 取消);
 * POST /me/gifts/:giftId/cancel → CardGiftView;
 * GET /me/gift-claims/preview?token= → CardGiftPreview;
 * POST /me/gift-claims { token } → CardView (the recipient's new card).
 */
export const CARD_GIFT_STATUSES = ['PENDING', 'CLAIMED', 'CANCELLED', 'EXPIRED'] as const;
export type CardGiftStatus = (typeof CARD_GIFT_STATUSES)[number];

export interface CardGiftView {
  id: string;
  cardId: string;
  status: CardGiftStatus;
  expiresAt: string;
  createdAt: string;
  claimedAt: string | null;
}

export interface CardGiftOffer {
  gift: CardGiftView;
  /** The one-time token: the claim page's `token` parameter. */
  token: string;
  /** The mini-program path of the claim page with the token, for the share card and the link. */
  sharePath: string;
}

export interface CardGiftPreview {
  status: CardGiftStatus;
  productName: string;
  merchantName: string;
  kind: CardKind;
  coverStyle: string;
  /** What the card holds now (the giver may still use it until the gift is claimed). */
  balance: { principalFen: Fen; bonusFen: Fen; totalFen: Fen; points: number };
  expiresAt: string;
  /** A named card is claimed only after the recipient's 实名. */
  realNameRequired: boolean;
}

export interface ClaimCardGiftRequest {
  token: string;
}

export type CardGiftClaimed = CardView;
