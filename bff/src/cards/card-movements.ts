import type { CardMovement, MovementKind } from '@jucard/shared';
import { ledgerName, TRANSFER_CODES, type TransferCode } from '../ledger/ledger.constants';
import type { TransferRecord } from '../ledger/ledger.types';

/** A card's movements as the consumer reads them: each ledger transfer on one of its accounts, signed from the card's side. */
const MOVEMENT_KINDS: Record<TransferCode, MovementKind> = {
  [TRANSFER_CODES.TOPUP]: 'TOPUP',
  [TRANSFER_CODES.BONUS_GRANT]: 'BONUS',
  [TRANSFER_CODES.REDEMPTION]: 'REDEMPTION',
  [TRANSFER_CODES.BONUS_REDEMPTION]: 'REDEMPTION',
  [TRANSFER_CODES.REVERSAL]: 'REVERSAL',
  [TRANSFER_CODES.REFUND]: 'REFUND',
  [TRANSFER_CODES.BONUS_FORFEIT]: 'REFUND',
  [TRANSFER_CODES.POINTS_ACCRUAL]: 'POINTS',
  [TRANSFER_CODES.POINTS_EXCHANGE]: 'POINTS',
  [TRANSFER_CODES.POINTS_EXPIRY]: 'POINTS_EXPIRY',
  [TRANSFER_CODES.FEE]: 'ADJUSTMENT',
  [TRANSFER_CODES.PAYOUT]: 'ADJUSTMENT',
  [TRANSFER_CODES.ADJUSTMENT]: 'ADJUSTMENT',
};

export function toMovement(transfer: TransferRecord, ownAccounts: Set<number>): CardMovement {
  const credited = ownAccounts.has(transfer.creditAccountId);
  return {
    id: transfer.id,
    kind: MOVEMENT_KINDS[transfer.code],
    amount: credited ? transfer.amount : -transfer.amount,
    ledger: ledgerName(transfer.ledger),
    occurredAt: transfer.createdAt.toISOString(),
    correlationId: transfer.operationId,
  };
}
