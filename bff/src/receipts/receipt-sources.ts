import type { ReceiptKind, WebhookEventType, WebhookPayload } from '@jucard/shared';

/** The outbox events a consumer gets a receipt for. */
export const RECEIPT_EVENT_TYPES = ['card.topped_up', 'card.redeemed', 'card.reversed'] as const satisfies readonly WebhookEventType[];

/** What a message says about the card: its ledger operation (for the balance it left) and the amounts moved. */
export interface ReceiptSource {
  kind: ReceiptKind;
  cardId: string;
  /** The ledger operation of the change (card history's event id). */
  operationId: string;
  amountFen: number;
  bonusFen: number;
}

/** The source of one outbox message's receipt; null for an event of no concern to the card's holder. */
export function receiptSourceOf(payloadText: string): ReceiptSource | null {
  const payload = JSON.parse(payloadText) as WebhookPayload;
  switch (payload.type) {
    case 'card.topped_up': {
      const d = (payload as WebhookPayload<'card.topped_up'>).data;
      return { kind: 'TOPUP', cardId: d.cardId, operationId: `topup:${d.orderId}`, amountFen: d.amountFen, bonusFen: d.bonusFen };
    }
    case 'card.redeemed': {
      const d = (payload as WebhookPayload<'card.redeemed'>).data;
      return { kind: 'REDEMPTION', cardId: d.cardId, operationId: `redeem:${d.redemptionId}`, amountFen: d.amountFen, bonusFen: 0 };
    }
    case 'card.reversed': {
      const d = (payload as WebhookPayload<'card.reversed'>).data;
      return { kind: 'REVERSAL', cardId: d.cardId, operationId: `reverse:${d.reversalId}`, amountFen: d.amountFen, bonusFen: 0 };
    }
  }
}
