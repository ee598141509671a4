/**
 * Receipts to the consumer after every change to their card's balance (docs/receipts.md): a WeChat subscribe
 * message (订阅消息) when the consumer granted one, otherwise an SMS to their phone.
 */

/** What a receipt reports. */
export type ReceiptKind = 'TOPUP' | 'REDEMPTION' | 'REVERSAL' | 'REFUND';

/**
 * The moments the mini-program asks for a subscription, each with its template: at top-up confirm (充值成功提醒)
 * and when the member code is shown (余额变动提醒: a sale, and a reversal of one).
 */
export type ReceiptTemplatePurpose = 'TOPUP' | 'BALANCE_CHANGE';

/** The configured template ids (null: not configured, so no subscription is asked for and SMS is used). */
export type ReceiptTemplates = Record<ReceiptTemplatePurpose, string | null>;

/** GET /me/receipt-subscriptions: what to ask for, and how many one-time subscriptions are held per template. */
export interface ReceiptSubscriptionsView {
  templates: ReceiptTemplates;
  /** template id → receipts it can still carry (each accepted one-time subscription carries one). */
  remaining: Record<string, number>;
}

/** POST /me/receipt-subscriptions: the template ids `requestSubscribeMessage` answered "accept" for. */
export interface GrantReceiptSubscriptionsRequest {
  acceptedTemplateIds: string[];
}
