import type { CreateTopUpRequest } from '@jucard/shared';
import type { IdentityRepository } from '../auth/identity.repository';
import type { ConsumerPrincipal } from '../auth/principal';
import type { CardProduct, CardProductsRepository } from '../card-products/card-products.repository';
import type { Card, CardsRepository } from '../cards/cards.repository';
import type { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import type { LedgerService } from '../ledger/ledger.service';
import type { CampaignsService } from '../marketing/campaigns.service';
import type { MerchantClosingsRepository } from '../merchants/merchant-closings.repository';
import type { Merchant, MerchantsRepository } from '../merchants/merchants.repository';
import type { RealNameService } from '../real-name/real-name.service';
import type { RiskService } from '../risk/risk.service';
import { DomainError } from '../common/domain-error';
import type { ChannelRouter } from './channel-router';
import type { TopUpOrderEntity } from './payment.entities';
import type { PaymentChannels } from './payment-channels';
import type { PaymentsRepository } from './payments.repository';
import type { TopUpSettlement } from './topup-settlement.service';
import { bonusFor, TopUpsService } from './topups.service';
import type { ContractsService } from '../contracts/contracts.service';

const now = new Date('2026-11-24T08:00:00.000Z');
const consumer = { consumerId: 'u1' } as ConsumerPrincipal;
const card: Card = {
  id: 'c1',
  cardNo: '8800000000000011',
  consumerId: 'u1',
  merchantId: 'm1',
  productId: 'p1',
  status: 'ACTIVE',
  principalAccountId: 11,
  bonusAccountId: 12,
  pointsAccountId: 13,
  expiresAt: null,
  createdAt: now,
};
const product = {
  id: 'p1',
  tiers: [{ payFen: 50_000, bonusFen: 5_000 }],
  allowCustomAmount: true,
  minTopUpFen: 1_000,
  maxBalanceFen: 100_000,
} as CardProduct;
const merchant = { id: 'm1', displayName: '好面馆', status: 'APPROVED', paymentChannels: ['WECHATPAY'] } as Merchant;
const request = (overrides: Partial<CreateTopUpRequest> = {}): CreateTopUpRequest => ({ cardId: 'c1', amountFen: 50_000, idempotencyKey: 'k1', ...overrides });

describe('bonusFor', () => {
  it.each([
    ['a tier gives its bonus', 50_000, 5_000],
    ['a custom amount above the minimum gives none', 2_000, 0],
    ['the minimum itself is a custom amount', 1_000, 0],
  ])('should answer when %s', (_case, amountFen, bonus) => {
    expect(bonusFor(product, amountFen)).toBe(bonus);
  });

  it.each([
    ['below the minimum', { ...product }, 999],
    ['not a tier of a tiers-only product', { ...product, allowCustomAmount: false }, 2_000],
  ])('should refuse an amount %s', (_case, terms, amountFen) => {
    expect(() => bonusFor(terms, amountFen)).toThrow(expect.objectContaining({ code: 'TOPUP_AMOUNT_NOT_OFFERED' }));
  });
});

describe('TopUpsService.create', () => {
  let payments: jest.Mocked<Pick<PaymentsRepository, 'findOrderByIdempotencyKey' | 'pendingTopUpsFen' | 'insertOrder'>>;
  let cards: jest.Mocked<Pick<CardsRepository, 'findOwned'>>;
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'merchantById'>>;
  let ledger: jest.Mocked<Pick<LedgerService, 'balance'>>;
  let tx: jest.Mocked<Pick<TransactionRunner, 'run'>>;
  let risk: jest.Mocked<Pick<RiskService, 'decide'>>;
  let realName: jest.Mocked<Pick<RealNameService, 'requireForTopUp'>>;
  let sut: TopUpsService;

  beforeEach(() => {
    payments = {
      findOrderByIdempotencyKey: jest.fn().mockResolvedValue(null),
      pendingTopUpsFen: jest.fn().mockResolvedValue(0),
      insertOrder: jest.fn(),
    };
    cards = { findOwned: jest.fn().mockResolvedValue(card) };
    merchants = { merchantById: jest.fn().mockResolvedValue(merchant) };
    ledger = { balance: jest.fn().mockResolvedValue(0) };
    tx = { run: jest.fn() };
    risk = { decide: jest.fn().mockResolvedValue({ outcome: 'allow', decisionId: 1, caseIds: [] }) };
    realName = { requireForTopUp: jest.fn().mockResolvedValue(undefined) };
    const products: Pick<CardProductsRepository, 'findById'> = { findById: jest.fn().mockResolvedValue(product) };
    const clock: Clock = { now: () => now };
    sut = new TopUpsService(
      payments as unknown as PaymentsRepository,
      cards as unknown as CardsRepository,
      products as CardProductsRepository,
      merchants as unknown as MerchantsRepository,
      { closingOf: jest.fn().mockResolvedValue(null) } as unknown as MerchantClosingsRepository,
      { consumerById: jest.fn().mockResolvedValue(null) } as unknown as IdentityRepository,
      tx as unknown as TransactionRunner,
      {} as PaymentChannels,
      {} as ChannelRouter,
      {} as TopUpSettlement,
      ledger as unknown as LedgerService,
      clock,
      { uuid: () => 'o1', digits: (n: number) => '1'.repeat(n), token: () => 't' },
      { TOPUP_EXPIRY_MINUTES: 15, publicBaseUrl: 'http://bff' } as AppConfig,
      risk as unknown as RiskService,
      realName as unknown as RealNameService,
      { offerFor: jest.fn().mockResolvedValue(null) } as unknown as CampaignsService,
      { requireAccepted: jest.fn().mockResolvedValue(undefined) } as unknown as ContractsService,
    );
  });

  it('should open no order when a risk rule blocks the top-up', async () => {
    risk.decide.mockRejectedValue(new DomainError('RISK_BLOCKED'));
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'RISK_BLOCKED' });
    expect(risk.decide).toHaveBeenCalledWith(expect.objectContaining({ kind: 'TOPUP', id: 'o1', cardId: card.id, amountFen: request().amountFen }));
    expect(payments.insertOrder).not.toHaveBeenCalled();
  });

  it('should open no order and ask no risk decision when the holder is not real-name verified', async () => {
    realName.requireForTopUp.mockRejectedValue(new DomainError('REAL_NAME_REQUIRED'));
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'REAL_NAME_REQUIRED' });
    expect(realName.requireForTopUp).toHaveBeenCalledWith(expect.objectContaining({ kind: 'TOPUP', consumerId: 'u1', cardId: card.id }), product.kind);
    expect(risk.decide).not.toHaveBeenCalled();
    expect(payments.insertOrder).not.toHaveBeenCalled();
  });

  it('should refuse a replayed idempotency key with a different body', async () => {
    payments.findOrderByIdempotencyKey.mockResolvedValue({ requestHash: 'another body' } as TopUpOrderEntity);
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(cards.findOwned).not.toHaveBeenCalled();
  });

  it('should report another consumer’s card as missing', async () => {
    cards.findOwned.mockResolvedValue(null);
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
    expect(cards.findOwned).toHaveBeenCalledWith('u1', 'c1');
  });

  it.each([
    ['a closed card', { ...card, status: 'CLOSED' as const }, 'CARD_NOT_ACTIVE'],
    ['an expired card', { ...card, expiresAt: now }, 'CARD_EXPIRED'],
  ])('should refuse %s', async (_case, which, code) => {
    cards.findOwned.mockResolvedValue(which);
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code });
  });

  it('should refuse a frozen merchant’s card', async () => {
    merchants.merchantById.mockResolvedValue({ ...merchant, status: 'FROZEN' });
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'MERCHANT_FROZEN' });
  });

  it('should count orders still being paid against the maximum balance', async () => {
    // 30,000 held + 15,001 being paid + 50,000 (+5,000 bonus) incoming > 100,000
    ledger.balance.mockImplementation(async (id: number) => (id === card.principalAccountId ? 25_000 : 5_000));
    payments.pendingTopUpsFen.mockResolvedValue(15_001);
    await expect(sut.create(consumer, request())).rejects.toMatchObject({ code: 'BALANCE_LIMIT_EXCEEDED' });
    expect(payments.pendingTopUpsFen).toHaveBeenCalledWith('c1');
    expect(tx.run).not.toHaveBeenCalled();
  });

  it('should refuse a channel the merchant has not enabled before opening an order', async () => {
    await expect(sut.create(consumer, request({ channel: 'ALIPAY' }))).rejects.toMatchObject({ code: 'CHANNEL_NOT_ENABLED' });
    expect(tx.run).not.toHaveBeenCalled();
  });
});
