import type { AppConfig } from '../config/app-config';
import type { ContractsService } from '../contracts/contracts.service';
import type { AuditService } from '../audit/audit.service';
import type { StaffPrincipal } from '../auth/principal';
import type { IdGenerator } from '../common/ids';
import type { FilesService } from '../files/files.service';
import type { TransactionRunner } from '../database/transaction-runner';
import type { Merchant, MerchantsRepository } from '../merchants/merchants.repository';
import type { MerchantsService } from '../merchants/merchants.service';
import type { CardProduct, CardProductsRepository } from './card-products.repository';
import type { CardProductDto } from './card-products.dto';
import { CardProductsService } from './card-products.service';

const product = { id: 'p1', merchantId: 'm1', kind: 'NAMED', status: 'ACTIVE', claimToken: 'tok' } as CardProduct;
const merchant = { id: 'm1', displayName: '好面馆', status: 'APPROVED', paymentChannels: null } as Merchant;
const staff = { staffId: 's1', merchantId: 'm1', role: 'OWNER' } as unknown as StaffPrincipal;

describe('CardProductsService', () => {
  let products: jest.Mocked<Pick<CardProductsRepository, 'findByClaimToken' | 'findOwned' | 'update'>>;
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'merchantById'>>;
  let tx: jest.Mocked<Pick<TransactionRunner, 'run'>>;
  let sut: CardProductsService;

  beforeEach(() => {
    products = { findByClaimToken: jest.fn().mockResolvedValue(product), findOwned: jest.fn().mockResolvedValue(product), update: jest.fn() };
    merchants = { merchantById: jest.fn().mockResolvedValue(merchant) };
    tx = { run: jest.fn() };
    const merchantRules: Pick<MerchantsService, 'requireOperating'> = { requireOperating: jest.fn().mockResolvedValue(merchant) };
    sut = new CardProductsService(
      products as unknown as CardProductsRepository,
      merchants as unknown as MerchantsRepository,
      tx as unknown as TransactionRunner,
      merchantRules as MerchantsService,
      {} as AuditService,
      { now: () => new Date(0) },
      {} as IdGenerator,
      { requireOwn: jest.fn().mockResolvedValue(undefined) } as unknown as FilesService,
      { ANONYMOUS_CARD_MIN_VALIDITY_MONTHS: 36 } as AppConfig,
      { refuseVoidClauses: jest.fn(), publish: jest.fn(), current: jest.fn().mockResolvedValue(null) } as unknown as ContractsService,
    );
  });

  it('should refuse an unknown claim link', async () => {
    products.findByClaimToken.mockResolvedValue(null);
    await expect(sut.byClaimToken('nope')).rejects.toMatchObject({ code: 'CLAIM_TOKEN_INVALID' });
  });

  it.each([
    ['a retired product', { ...product, status: 'RETIRED' as const }, merchant],
    ['a merchant not approved (frozen)', product, { ...merchant, status: 'FROZEN' as const }],
    ['a merchant that is gone', product, null],
  ])('should not sell through %s', async (_case, p, m) => {
    products.findByClaimToken.mockResolvedValue(p);
    merchants.merchantById.mockResolvedValue(m);
    await expect(sut.byClaimToken('tok')).rejects.toMatchObject({ code: 'PRODUCT_NOT_ACTIVE' });
  });

  it('should refuse changing the kind of an existing product without writing', async () => {
    const input = { kind: 'ANONYMOUS' } as CardProductDto;
    await expect(sut.update(staff, 'p1', input)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: { kind: expect.any(Array) } });
    expect(products.findOwned).toHaveBeenCalledWith('m1', 'p1');
    expect(tx.run).not.toHaveBeenCalled();
  });

  it('should report another merchant’s product as missing', async () => {
    products.findOwned.mockResolvedValue(null);
    await expect(sut.get('m1', 'p9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
