import type { MemberCodeStatus } from '@jucard/shared';

/** What the consumer's code page shows once the code was redeemed. */
export type CodeReceipt = NonNullable<MemberCodeStatus['redemption']>;

/**
 * The receipt of a redemption, as the redemption context tells it: member codes know a code's redemption id,
 * never redemption's tables.
 */
export interface CodeReceipts {
  receiptOf(redemptionId: string): Promise<CodeReceipt>;
}

export const CODE_RECEIPTS = Symbol('CODE_RECEIPTS');
