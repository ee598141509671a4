import type { CardView, MemberCodeView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CardEntity } from '../../src/cards/card.entity';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import { LedgerService } from '../../src/ledger/ledger.service';
import type { TransferLeg } from '../../src/ledger/ledger.types';
import { PlatformAccounts } from '../../src/ledger/platform-accounts';
import type { TestApp } from '../support/test-app';
import { bearer } from './actors';

/** Credits a card through the ledger exactly as a paid top-up does (the payment flow is tested on its own). */
export async function creditCard(t: TestApp, cardId: string, principalFen: number, bonusFen = 0): Promise<void> {
  const card = await t.app.get(DataSource).getRepository(CardEntity).findOneByOrFail({ id: cardId });
  const accounts = t.app.get(PlatformAccounts);
  const legs: TransferLeg[] = [
    { debitAccountId: await accounts.topUpClearing('SANDBOX'), creditAccountId: card.principalAccountId, amount: principalFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP },
  ];
  if (bonusFen > 0) {
    legs.push({ debitAccountId: await accounts.merchantBonusPool(card.merchantId), creditAccountId: card.bonusAccountId, amount: bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_GRANT });
  }
  await t.app.get(LedgerService).post({ operationId: `test-topup-${randomUUID()}`, kind: 'TOPUP', merchantId: card.merchantId, legs });
}

export async function claimCard(t: TestApp, consumer: TokenPair, claimToken: string): Promise<CardView> {
  return (await t.http.post('/me/cards').set(bearer(consumer)).send({ claimToken }).expect(201)).body as CardView;
}

export async function memberCode(t: TestApp, consumer: TokenPair, cardId: string): Promise<MemberCodeView> {
  return (await t.http.post(`/me/cards/${cardId}/member-code`).set(bearer(consumer)).expect(201)).body as MemberCodeView;
}
