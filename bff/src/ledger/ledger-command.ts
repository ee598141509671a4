import { isSafeFen, isValidAmountFen } from '@jucard/shared';
import { createHash } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { ACCOUNT_FLAGS } from './ledger.constants';
import type { AccountDelta } from './ledger.repository';
import type { AccountRow, PostCommand, TransferLeg } from './ledger.types';

const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9:._\-/]{0,63}$/;

/** What a posting needs of an account besides its id: which ledger it is on and how it behaves. */
export type AccountShape = Pick<AccountRow, 'id' | 'ledger' | 'flags'>;

/** Checks a posting's shape (id, 1–16 legs, amounts, distinct sides) and returns its request hash. */
export function validatePost(command: PostCommand): string {
  const fieldErrors: Record<string, string[]> = {};
  if (!OPERATION_ID.test(command.operationId)) {
    fieldErrors.operationId = ['must be 1–64 characters: letters, digits and : . _ - /'];
  }
  if (command.legs.length === 0 || command.legs.length > 16) fieldErrors.legs = ['an operation has 1 to 16 transfers'];
  command.legs.forEach((leg, i) => {
    const valid = command.platformInternal ? isSafeFen(leg.amount) && leg.amount > 0 : isValidAmountFen(leg.amount);
    if (!valid) fieldErrors[`legs.${i}.amount`] = ['must be a positive integer fen amount within limits'];
    if (leg.debitAccountId === leg.creditAccountId) fieldErrors[`legs.${i}`] = ['debit and credit accounts must differ'];
  });
  if (Object.keys(fieldErrors).length > 0) throw new DomainError('AMOUNT_INVALID', 'invalid ledger operation', fieldErrors);
  return command.requestHash ?? hashLegs(command.legs, command.merchantId ?? null);
}

/** The posting's changes to its cold accounts, one delta per account with its guards, in ascending id order. */
export function coldDeltas(command: PostCommand, accounts: Map<number, AccountShape>, isHot: (flags: number) => boolean): AccountDelta[] {
  const deltas = new Map<number, AccountDelta>();
  const deltaOf = (account: AccountShape): AccountDelta => {
    let delta = deltas.get(account.id);
    if (!delta) {
      delta = {
        accountId: account.id,
        debit: 0,
        credit: 0,
        mustNotGoNegative: (account.flags & ACCOUNT_FLAGS.DEBITS_MUST_NOT_EXCEED_CREDITS) !== 0,
        ceiling: command.balanceCeilings?.[account.id] ?? null,
      };
      deltas.set(account.id, delta);
    }
    return delta;
  };
  for (const leg of command.legs) {
    const debit = accounts.get(leg.debitAccountId)!;
    const credit = accounts.get(leg.creditAccountId)!;
    if (!isHot(debit.flags)) deltaOf(debit).debit += leg.amount;
    if (!isHot(credit.flags)) deltaOf(credit).credit += leg.amount;
  }
  return [...deltas.values()].sort((a, b) => a.accountId - b.accountId);
}

export function hashLegs(legs: TransferLeg[], merchantId: string | null): string {
  const canonical = legs.map((l) => [l.debitAccountId, l.creditAccountId, l.amount, l.ledger, l.code]);
  return sha256Hex(JSON.stringify({ legs: canonical, merchantId }));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
