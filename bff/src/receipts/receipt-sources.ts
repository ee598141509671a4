import type { ReceiptKind, WebhookEventType, WebhookPayload } from '@jucard/shared';

/** The outbox events a consumer gets a receipt for. */
export const RECEIPT_EVENT_TYPES = ['card.topped_up', 'card.redeemed', 'card.reversed', 'card.refunded'] as const satisfies readonly WebhookEventType[];

/** What a message says about the card: its ledger operation (for the balance it left) and the amounts moved. */
export interface ReceiptSource {
  kind: ReceiptKind;
  cardId: string;
  /** The ledger operation of the change (card history's event id). */
  operationId: string;
  amountFen: number;
  bonusFen: number;
  /** A refund's gift given up with it (0 otherwise). */
  bonusForfeitedFen?: number;
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
    case 'card.refunded': {
      const d = (payload as WebhookPayload<'card.refunded'>).data;
      // a double payment never reached the card: no balance of it to report, the refund page tells the payer
      if (d.kind === 'DOUBLE_PAYMENT') return null;
      const operationId = d.kind === 'COOLING_OFF' ? `cooling-off:${d.refundId}` : `card-refund:${d.refundId}`;
      return { kind: 'REFUND', cardId: d.cardId, operationId, amountFen: d.refundedFen, bonusFen: 0, bonusForfeitedFen: d.bonusForfeitedFen };
    }
    default:
      return null;
  }
}
