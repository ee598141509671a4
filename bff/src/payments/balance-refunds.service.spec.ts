import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import type { Card, CardsRepository } from '../cards/cards.repository';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import type { LedgerRepository } from '../ledger/ledger.repository';
import type { LedgerService } from '../ledger/ledger.service';
import type { PlatformAccounts } from '../ledger/platform-accounts';
import { BalanceRefundsService, spreadOverTopUps } from './balance-refunds.service';
import { ChannelRefunds } from './channel-refunds';
import type { TopUpOrderEntity } from './payment.entities';
import type { PaymentChannels } from './payment-channels';
import type { PaymentsRepository } from './payments.repository';
import type { RefundsRepository } from './refunds.repository';
import type { RiskService } from '../risk/risk.service';
import type { MemberLevelsRepository } from '../marketing/member-levels.repository';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

const order = (id: string, amountFen: number, refundedFen = 0, currentAttemptId: string | null = `a-${id}`, bonusFen = 0) => ({ id, amountFen, bonusFen, refundedFen, currentAttemptId, merchantId: 'm1', consumerId: 'u1' });

describe('spreadOverTopUps', () => {
  it.each([
    ['newest top-up first', 30_000, [order('new', 50_000), order('old', 50_000)], [['new', 30_000]], 0],
    ['over several top-ups', 70_000, [order('new', 50_000), order('old', 50_000)], [['new', 50_000], ['old', 20_000]], 0],
    ['only what a top-up has not refunded yet', 40_000, [order('new', 50_000, 30_000), order('old', 50_000)], [['new', 20_000], ['old', 20_000]], 0],
    ['skipping a top-up without a paying attempt', 10_000, [order('new', 50_000, 0, null), order('old', 50_000)], [['old', 10_000]], 0],
    ['leaving what no top-up can take back', 60_000, [order('only', 50_000)], [['only', 50_000]], 10_000],
  ])('should spread the principal %s', (_case, principal, orders, parts, left) => {
    const plan = spreadOverTopUps(principal, orders);
    expect(plan.parts.map((p) => [p.order.id, p.amount])).toEqual(parts);
    expect(plan.left).toBe(left);
  });
});

describe('BalanceRefundsService.request', () => {
  const consumer = { consumerId: 'u1' } as ConsumerPrincipal;
  const card = { id: 'c1', consumerId: 'u1', merchantId: 'm1', status: 'ACTIVE', principalAccountId: 11, bonusAccountId: 12, pointsAccountId: 13 } as Card;
  const em = {} as EntityManager;
  let refunds: jest.Mocked<Pick<RefundsRepository, 'findByIdempotencyKey' | 'insertRefund' | 'insertPart' | 'partsOf' | 'findRefund'>>;
  let payments: jest.Mocked<Pick<PaymentsRepository, 'refundableOrders' | 'findAttempt' | 'takeRefund'>>;
  let cards: jest.Mocked<Pick<CardsRepository, 'findOwned' | 'closeIfIn' | 'lineageOf'>>;
  let balances: jest.Mocked<Pick<LedgerRepository, 'balances'>>;
  let ledger: jest.Mocked<Pick<LedgerService, 'postInTransaction'>>;
  let outbox: jest.Mocked<Pick<WebhookOutbox, 'record'>>;
  let memberLevels: jest.Mocked<Pick<MemberLevelsRepository, 'refunded'>>;
  let sut: BalanceRefundsService;

  beforeEach(() => {
    refunds = {
      findByIdempotencyKey: jest.fn().mockResolvedValue(null),
      insertRefund: jest.fn(),
      insertPart: jest.fn(),
      partsOf: jest.fn().mockResolvedValue([]),
      findRefund: jest.fn(),
    };
    payments = {
      refundableOrders: jest.fn().mockResolvedValue([order('o1', 50_000, 0, 'a-o1', 5_000)]),
      findAttempt: jest.fn().mockResolvedValue({ id: 'a-o1', channel: 'WECHATPAY', outTradeNo: 'JC1' }),
      takeRefund: jest.fn().mockResolvedValue(true),
    };
    cards = { findOwned: jest.fn().mockResolvedValue(card), closeIfIn: jest.fn().mockResolvedValue(true), lineageOf: jest.fn().mockResolvedValue(['c1']) };
    // "pay ¥500 get ¥50, ¥275 left": ¥250 principal, ¥25 bonus
    balances = { balances: jest.fn().mockResolvedValue(new Map([[11, 25_000], [12, 2_500]])) };
    ledger = { postInTransaction: jest.fn() };
    const tx = { isSqlite: false, run: (work: (em: EntityManager) => Promise<unknown>) => work(em) };
    const accounts = { refundClearing: async () => 900, merchantBonusPool: async () => 901, merchantPayable: async () => 902 };
    refunds.findRefund.mockImplementation(async (id) => ({ id, cardId: 'c1', principalFen: 25_000, bonusForfeitedFen: 2_500, status: 'PROCESSING', createdAt: new Date(0) }) as never);
    outbox = { record: jest.fn() };
    memberLevels = { refunded: jest.fn() };
    const clock = { now: () => new Date('2026-11-24T08:00:00.000Z') };
    const channelRefunds = new ChannelRefunds(
      refunds as unknown as RefundsRepository,
      payments as unknown as PaymentsRepository,
      {} as PaymentChannels,
      ledger as unknown as LedgerService,
      accounts as unknown as PlatformAccounts,
      tx as unknown as TransactionRunner,
      clock,
      { uuid: () => 'r1', digits: (n: number) => '1'.repeat(n), token: () => 't' },
      { publicBaseUrl: 'http://bff' } as AppConfig,
      outbox as unknown as WebhookOutbox,
      memberLevels as unknown as MemberLevelsRepository,
    );
    sut = new BalanceRefundsService(
      refunds as unknown as RefundsRepository,
      payments as unknown as PaymentsRepository,
      cards as unknown as CardsRepository,
      balances as unknown as LedgerRepository,
      tx as unknown as TransactionRunner,
      channelRefunds,
      ledger as unknown as LedgerService,
      accounts as unknown as PlatformAccounts,
      { record: jest.fn() } as unknown as AuditService,
      clock,
      { decide: jest.fn().mockResolvedValue({ outcome: 'allow', decisionId: 1, caseIds: [] }) } as unknown as RiskService,
    );
  });

  it('should return the unused principal, forfeit the bonus and close the card', async () => {
    const view = await sut.request(consumer, 'c1', 'k1');
    expect(view).toMatchObject({ principalFen: 25_000, bonusForfeitedFen: 2_500 });
    expect(balances.balances).toHaveBeenCalledWith(em, [11, 12], true);
    expect(cards.closeIfIn).toHaveBeenCalledWith(em, 'c1', ['ACTIVE']);
    expect(payments.takeRefund).toHaveBeenCalledWith(em, 'o1', 25_000, expect.any(Date));
    // the member's cumulative top-up (会员等级) loses what goes back, in the same transaction
    expect(memberLevels.refunded).toHaveBeenCalledWith(em, { merchantId: 'm1', consumerId: 'u1', amountFen: 25_000 }, expect.any(Date));
    expect(refunds.insertPart).toHaveBeenCalledWith(em, expect.objectContaining({ orderId: 'o1', amountFen: 25_000, orderTotalFen: 50_000, channel: 'WECHATPAY' }));
    expect(ledger.postInTransaction).toHaveBeenCalledWith(em, expect.objectContaining({
      legs: [
        { debitAccountId: 11, creditAccountId: 900, amount: 25_000, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND },
        { debitAccountId: 12, creditAccountId: 901, amount: 2_500, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT },
      ],
    }));
  });

  it('should keep the calculation with the refund, the receipt’s figures', async () => {
    await sut.request(consumer, 'c1', 'k1');
    expect(refunds.insertRefund).toHaveBeenCalledWith(em, expect.objectContaining({ rule: 'PRO_RATA', paidFen: 50_000, bonusGrantedFen: 5_000, consumedFen: 27_500, consumedPrincipalFen: 25_000, principalFen: 25_000, bonusForfeitedFen: 2_500 }));
  });

  // ¥3,000 + ¥1,000, ¥3,594 used: ¥304.50 back whichever bucket was spent first
  it('should refund ¥304.50 of a bonus-first card and leave the merchant the principal counted as used', async () => {
    payments.refundableOrders.mockResolvedValue([order('o1', 300_000, 0, 'a-o1', 100_000)] as TopUpOrderEntity[]);
    balances.balances.mockResolvedValue(new Map([[11, 40_600], [12, 0]]));
    await sut.request(consumer, 'c1', 'k1', 30_450);
    expect(payments.takeRefund).toHaveBeenCalledWith(em, 'o1', 30_450, expect.any(Date));
    expect(ledger.postInTransaction.mock.calls.map(([, command]) => [command.operationId, command.legs])).toEqual([
      ['card-refund:r1', [{ debitAccountId: 11, creditAccountId: 900, amount: 40_600, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }]],
      ['card-refund:r1:merchant', [{ debitAccountId: 900, creditAccountId: 902, amount: 10_150, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION }]],
    ]);
  });

  it('should refund ¥304.50 of a principal-first card, the merchant giving back what the count says was not used', async () => {
    payments.refundableOrders.mockResolvedValue([order('o1', 300_000, 0, 'a-o1', 100_000)] as TopUpOrderEntity[]);
    balances.balances.mockResolvedValue(new Map([[11, 0], [12, 40_600]]));
    await sut.request(consumer, 'c1', 'k1');
    expect(refunds.insertPart).toHaveBeenCalledWith(em, expect.objectContaining({ amountFen: 30_450 }));
    expect(ledger.postInTransaction.mock.calls.map(([, command]) => [command.operationId, command.legs])).toEqual([
      ['card-refund:r1', [{ debitAccountId: 12, creditAccountId: 901, amount: 40_600, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT }]],
      ['card-refund:r1:merchant', [{ debitAccountId: 902, creditAccountId: 900, amount: 30_450, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REVERSAL }]],
    ]);
  });

  it('should refuse a confirmation of another amount than the card refunds now, changing nothing', async () => {
    await expect(sut.request(consumer, 'c1', 'k1', 27_500)).rejects.toMatchObject({ code: 'REFUND_QUOTE_CHANGED' });
    expect(cards.closeIfIn).not.toHaveBeenCalled();
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
  });

  it('should refuse a card with nothing left to refund without closing it', async () => {
    balances.balances.mockResolvedValue(new Map([[11, 0], [12, 0]]));
    await expect(sut.request(consumer, 'c1', 'k1')).rejects.toMatchObject({ code: 'NOTHING_TO_REFUND' });
    expect(cards.closeIfIn).not.toHaveBeenCalled();
  });

  it('should refuse a card that is no longer active', async () => {
    cards.closeIfIn.mockResolvedValue(false);
    await expect(sut.request(consumer, 'c1', 'k1')).rejects.toMatchObject({ code: 'CARD_NOT_ACTIVE' });
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
  });

  it('should refuse principal that did not come from the card’s own top-ups', async () => {
    payments.refundableOrders.mockResolvedValue([order('o1', 20_000)] as TopUpOrderEntity[]);
    await expect(sut.request(consumer, 'c1', 'k1')).rejects.toMatchObject({ code: 'REFUND_NOT_POSSIBLE' });
    expect(ledger.postInTransaction).not.toHaveBeenCalled();
  });

  it('should refuse an idempotency key already used for another card', async () => {
    refunds.findByIdempotencyKey.mockResolvedValue({ cardId: 'c2' } as never);
    await expect(sut.request(consumer, 'c1', 'k1')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
