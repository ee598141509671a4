import type { CardView, MemberCodeView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CardEntity } from '../../src/cards/card.entity';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import { LedgerService } from '../../src/ledger/ledger.service';
import type { TransferLeg } from '../../src/ledger/ledger.types';
import { PlatformAccounts } from '../../src/ledger/platform-accounts';
import { CustodyService } from '../../src/settlement/custody.service';
import { PayoutsService } from '../../src/settlement/payouts.service';
import type { TestApp } from '../support/test-app';
import { until } from '../support/until';
import { actors, bearer } from './actors';

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

/** A new consumer holding a card of the product, credited as a paid top-up would (principal, bonus in fen). */
export async function cardHolder(t: TestApp, claimToken: string, principalFen: number, bonusFen = 0): Promise<{ consumer: TokenPair; card: CardView }> {
  const consumer = await actors(t).consumer();
  const card = await claimCard(t, consumer, claimToken);
  await creditCard(t, card.id, principalFen, bonusFen);
  return { consumer, card };
}

export async function memberCode(t: TestApp, consumer: TokenPair, cardId: string): Promise<MemberCodeView> {
  return (await t.http.post(`/me/cards/${cardId}/member-code`).set(bearer(consumer)).expect(201)).body as MemberCodeView;
}

/** The channel sandbox's control API (`/__control/<path>`): GET without a body, POST with one, or `method`. */
export async function sandboxControl<T = unknown>(t: TestApp, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${t.sandboxUrl}/__control/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** A top-up created in the app and paid at the channel's cashier; resolves once the app has credited it. */
export async function paidTopUp(t: TestApp, consumer: TokenPair, cardId: string, amountFen: number, channel = 'WECHATPAY'): Promise<TopUpView> {
  const order = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel, idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
  await sandboxControl(t, `orders/${channel.toLowerCase()}/${new URL(order.cashierUrl!).pathname.split('/').pop()!}/pay`, {});
  const read = async () => (await t.http.get(`/me/topups/${order.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
  return until(`top-up ${order.orderId} PAID`, read, (view) => view.status === 'PAID', { everyMs: 50 });
}

/**
 * The channels settle into the custody reserve what the payouts held for it need (the money creditCard put in the
 * sandbox channel's clearing), as reconciliation's sweep does after a day; then the payouts job pays them.
 * For tests about something else than custody, whose cards were credited without a real channel.
 */
export async function coverHeldPayouts(t: TestApp): Promise<void> {
  const custody = await t.app.get(CustodyService).report();
  const shortFen = custody.heldPayouts.reduce((sum, held) => sum + held.payoutFen, 0) - custody.reserveAvailableFen;
  if (shortFen > 0) {
    const accounts = t.app.get(PlatformAccounts);
    const legs: TransferLeg[] = [
      { debitAccountId: await accounts.reserve(), creditAccountId: await accounts.topUpClearing('SANDBOX'), amount: shortFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.ADJUSTMENT },
    ];
    await t.app.get(LedgerService).post({ operationId: `test-custody-sweep-${randomUUID()}`, kind: 'CUSTODY_SWEEP', platformInternal: true, legs });
  }
  await t.app.get(PayoutsService).runOnce();
}
