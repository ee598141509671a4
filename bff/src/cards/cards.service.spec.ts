import type { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import type { CardProduct, CardProductsRepository } from '../card-products/card-products.repository';
import type { CardProductsService } from '../card-products/card-products.service';
import type { IdGenerator } from '../common/ids';
import type { AppConfig } from '../config/app-config';
import type { ContractsService } from '../contracts/contracts.service';
import type { TransactionRunner } from '../database/transaction-runner';
import type { LedgerRepository } from '../ledger/ledger.repository';
import type { LedgerService } from '../ledger/ledger.service';
import type { MerchantClosingsRepository } from '../merchants/merchant-closings.repository';
import type { Merchant, MerchantsRepository } from '../merchants/merchants.repository';
import type { DataSource } from 'typeorm';
import type { Card, CardsRepository } from './cards.repository';
import type { CardExpiryRepository } from './card-expiry.repository';
import { CardsService } from './cards.service';
import type { WebhookOutbox } from '../webhooks/webhook-outbox';

const consumer = { consumerId: 'u1' } as ConsumerPrincipal;
const created = new Date('2026-11-24T08:00:00.000Z');
const card = (id: string, accounts: [number, number, number]): Card => ({
  id,
  cardNo: `88000000000000${id}`,
  consumerId: 'u1',
  merchantId: 'm1',
  productId: 'p1',
  status: 'ACTIVE',
  principalAccountId: accounts[0],
  bonusAccountId: accounts[1],
  pointsAccountId: accounts[2],
  expiresAt: null,
  createdAt: created,
});
const product = { id: 'p1', name: '面馆储值卡', kind: 'NAMED', tiers: [], storeIds: [], maxBalanceFen: 500_000 } as unknown as CardProduct;
const merchant = { id: 'm1', displayName: '好面馆', status: 'APPROVED', paymentChannels: null } as Merchant;

describe('CardsService', () => {
  let cards: jest.Mocked<Pick<CardsRepository, 'findOwned' | 'findClaimed' | 'listOfConsumer'>>;
  let balances: jest.Mocked<Pick<LedgerRepository, 'balances'>>;
  let products: jest.Mocked<Pick<CardProductsService, 'byClaimToken'>>;
  let sut: CardsService;

  beforeEach(() => {
    cards = { findOwned: jest.fn().mockResolvedValue(null), findClaimed: jest.fn().mockResolvedValue(null), listOfConsumer: jest.fn().mockResolvedValue([]) };
    balances = { balances: jest.fn().mockResolvedValue(new Map()) };
    products = { byClaimToken: jest.fn().mockResolvedValue({ product, merchant }) };
    const productRecords: Pick<CardProductsRepository, 'findByIds' | 'findById'> = { findByIds: jest.fn().mockResolvedValue([product]), findById: jest.fn().mockResolvedValue(product) };
    const merchants: Pick<MerchantsRepository, 'merchantsByIds' | 'merchantById'> = {
      merchantsByIds: jest.fn().mockResolvedValue(new Map([['m1', merchant]])),
      merchantById: jest.fn().mockResolvedValue(merchant),
    };
    sut = new CardsService(
      {} as DataSource,
      cards as unknown as CardsRepository,
      productRecords as CardProductsRepository,
      merchants as MerchantsRepository,
      { closingOf: jest.fn().mockResolvedValue(null), closingsOf: jest.fn().mockResolvedValue(new Map()) } as unknown as MerchantClosingsRepository,
      {} as TransactionRunner,
      products as unknown as CardProductsService,
      {} as LedgerService,
      balances as unknown as LedgerRepository,
      {} as AuditService,
      { now: () => created },
      {} as IdGenerator,
      { PLATFORM_SERVICE_PHONE: '400-820-0000', ANONYMOUS_CARD_MIN_VALIDITY_MONTHS: 36, CARD_EXPIRY_REMINDER_DAYS: 30 } as AppConfig,
      { remindersOf: jest.fn().mockResolvedValue(new Map()) } as unknown as CardExpiryRepository,
      {} as WebhookOutbox,
      { requireAccepted: jest.fn().mockResolvedValue(undefined) } as unknown as ContractsService,
    );
  });

  it('should refuse a second claim of the same product before creating anything', async () => {
    cards.findClaimed.mockResolvedValue(card('01', [1, 2, 3]));
    await expect(sut.claim(consumer, 'token')).rejects.toMatchObject({ code: 'CARD_ALREADY_CLAIMED' });
    expect(cards.findClaimed).toHaveBeenCalledWith('u1', 'p1');
  });

  it('should report another consumer’s card as missing', async () => {
    await expect(sut.get(consumer, 'c9')).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
    expect(cards.findOwned).toHaveBeenCalledWith('u1', 'c9');
  });

  it('should show each card’s principal, bonus and points from one balance read', async () => {
    cards.listOfConsumer.mockResolvedValue([card('01', [1, 2, 3]), card('02', [4, 5, 6])]);
    balances.balances.mockResolvedValue(new Map([[1, 30_000], [2, 3_000], [3, 120], [4, 500]]));
    const views = await sut.list(consumer);
    expect(balances.balances).toHaveBeenCalledTimes(1);
    expect(balances.balances).toHaveBeenCalledWith(null, [1, 2, 3, 4, 5, 6]);
    expect(views.map((v) => v.balance)).toEqual([
      { principalFen: 30_000, bonusFen: 3_000, totalFen: 33_000, points: 120 },
      { principalFen: 500, bonusFen: 0, totalFen: 500, points: 0 },
    ]);
    // no channel list on the merchant: every channel the platform offers
    expect(views[0]!.terms.paymentChannels).toEqual(['WECHATPAY', 'ALIPAY', 'UNIONPAY']);
    expect(views[0]).toMatchObject({ merchantName: '好面馆', productName: '面馆储值卡' });
  });
});
