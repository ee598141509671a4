import type { EntityManager } from 'typeorm';
import type { AuditRepository } from '../audit/audit.repository';
import type { AuditService } from '../audit/audit.service';
import type { OperatorPrincipal } from '../auth/principal';
import type { Card, CardsRepository } from '../cards/cards.repository';
import type { Clock } from '../common/clock';
import type { TransactionRunner } from '../database/transaction-runner';
import type { Merchant, MerchantsRepository } from '../merchants/merchants.repository';
import type { AuditNamesRepository } from './audit-names.repository';
import type { BackOfficeRepository } from './back-office.repository';
import { OperatorControlsService } from './operator-controls.service';

const now = new Date('2026-11-25T08:00:00.000Z');
const em = {} as EntityManager;
const operator = { operatorId: 'op1' } as OperatorPrincipal;
const merchant = (status: Merchant['status']): Merchant =>
  ({ id: 'm1', displayName: '聚卡咖啡', status, kyc: null, rejectReason: null, feeRateBps: 60, paymentChannels: null, reviewedBy: null, reviewedAt: null, createdAt: now, updatedAt: now });
const card = (status: Card['status']): Card =>
  ({ id: 'c1', cardNo: '8800000000000001', consumerId: 'u1', merchantId: 'm1', productId: 'p1', status, principalAccountId: 1, bonusAccountId: 2, pointsAccountId: 3, expiresAt: null, createdAt: now });

describe('OperatorControlsService', () => {
  let merchants: jest.Mocked<Pick<MerchantsRepository, 'merchantById' | 'setStatusIf'>>;
  let cards: jest.Mocked<Pick<CardsRepository, 'findByCardNo' | 'setStatusIf'>>;
  let readModels: jest.Mocked<Pick<BackOfficeRepository, 'operatorCard'>>;
  let auditLog: jest.Mocked<Pick<AuditRepository, 'trail'>>;
  let audit: jest.Mocked<Pick<AuditService, 'record'>>;
  let auditNames: jest.Mocked<Pick<AuditNamesRepository, 'namesFor'>>;
  let sut: OperatorControlsService;

  beforeEach(() => {
    merchants = { merchantById: jest.fn(), setStatusIf: jest.fn().mockResolvedValue(true) };
    cards = { findByCardNo: jest.fn().mockResolvedValue(card('ACTIVE')), setStatusIf: jest.fn().mockResolvedValue(true) };
    readModels = { operatorCard: jest.fn() };
    auditLog = { trail: jest.fn().mockResolvedValue([]) };
    audit = { record: jest.fn().mockResolvedValue(undefined) };
    auditNames = { namesFor: jest.fn().mockResolvedValue({ actors: new Map(), targets: new Map(), stores: new Map() }) };
    const tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const clock: Clock = { now: () => now };
    sut = new OperatorControlsService(
      tx as unknown as TransactionRunner,
      merchants as unknown as MerchantsRepository,
      cards as unknown as CardsRepository,
      readModels as unknown as BackOfficeRepository,
      auditLog as unknown as AuditRepository,
      audit as unknown as AuditService,
      clock,
      auditNames as unknown as AuditNamesRepository,
    );
  });

  it('should freeze an approved merchant from APPROVED only, with the reason in the audit trail', async () => {
    merchants.merchantById.mockResolvedValueOnce(merchant('APPROVED')).mockResolvedValueOnce(merchant('FROZEN'));
    const view = await sut.setMerchantFrozen(operator, 'm1', 'freeze', '涉嫌套现');
    expect(merchants.setStatusIf).toHaveBeenCalledWith(em, 'm1', 'APPROVED', 'FROZEN', now);
    expect(audit.record).toHaveBeenCalledWith(em, {
      actorType: 'operator',
      actorId: 'op1',
      action: 'merchant.frozen',
      targetType: 'merchant',
      targetId: 'm1',
      detail: { reason: '涉嫌套现', before: 'APPROVED', after: 'FROZEN' },
    });
    expect(view.status).toBe('FROZEN');
  });

  it.each([
    ['freeze', 'PENDING_REVIEW'],
    ['unfreeze', 'APPROVED'],
  ] as const)('should refuse to %s a %s merchant and audit nothing', async (direction, status) => {
    merchants.merchantById.mockResolvedValue(merchant(status));
    merchants.setStatusIf.mockResolvedValue(false);
    await expect(sut.setMerchantFrozen(operator, 'm1', direction, 'reason')).rejects.toMatchObject({ code: 'MERCHANT_STATE_INVALID' });
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('should answer an unknown merchant with NOT_FOUND before any write', async () => {
    merchants.merchantById.mockResolvedValue(null);
    await expect(sut.setMerchantFrozen(operator, 'nope', 'freeze', 'reason')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(merchants.setStatusIf).not.toHaveBeenCalled();
  });

  it('should unfreeze a card from FROZEN to ACTIVE, audit its number, and show it afterwards', async () => {
    cards.findByCardNo.mockResolvedValue(card('FROZEN'));
    readModels.operatorCard.mockResolvedValue({ id: 'c1', status: 'ACTIVE' } as never);
    const view = await sut.setCardFrozen(operator, '8800000000000001', 'unfreeze', '核实无误');
    expect(cards.setStatusIf).toHaveBeenCalledWith(em, 'c1', 'FROZEN', 'ACTIVE');
    expect(audit.record).toHaveBeenCalledWith(em, expect.objectContaining({
      action: 'card.unfrozen',
      targetId: 'c1',
      detail: { reason: '核实无误', before: 'FROZEN', after: 'ACTIVE', cardNo: '8800000000000001' },
    }));
    expect(view).toMatchObject({ status: 'ACTIVE' });
  });

  it('should refuse to freeze a card that is not active, and an unknown card number', async () => {
    cards.setStatusIf.mockResolvedValue(false);
    await expect(sut.setCardFrozen(operator, '8800000000000001', 'freeze', 'reason')).rejects.toMatchObject({ code: 'CARD_STATE_INVALID' });
    cards.findByCardNo.mockResolvedValue(null);
    await expect(sut.setCardFrozen(operator, '8800000000000002', 'freeze', 'reason')).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
    readModels.operatorCard.mockResolvedValue(null);
    await expect(sut.card('8800000000000002')).rejects.toMatchObject({ code: 'CARD_NOT_FOUND' });
  });

  it('should page the audit trail by asking one row more than the page', async () => {
    auditLog.trail.mockResolvedValue([3, 2, 1].map((id) => ({ id: String(id) }) as never));
    const page = await sut.auditTrail({ targetType: 'card', limit: 2 });
    expect(auditLog.trail).toHaveBeenCalledWith({ targetType: 'card', targetId: undefined, beforeId: null }, 3);
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
  });

  it('should put names to the actor, the target and the store of each entry, keeping the ids', async () => {
    const record = {
      id: '7',
      actorType: 'staff' as const,
      actorId: 's1',
      action: 'card.redeemed',
      targetType: 'card',
      targetId: 'c1',
      detail: { amountFen: 1200, storeId: 'st1' },
      createdAt: now.toISOString(),
    };
    const unknown = { ...record, id: '6', actorId: 's-gone', targetId: 'c-gone', detail: null };
    auditLog.trail.mockResolvedValue([record, unknown]);
    auditNames.namesFor.mockResolvedValue({
      actors: new Map([['staff:s1', { name: '收银员小王', merchant: '莲花健身' }]]),
      targets: new Map([['card:c1', '8800000000000001']]),
      stores: new Map([['st1', '静安店']]),
    });
    const page = await sut.auditTrail({});
    expect(auditNames.namesFor).toHaveBeenCalledWith([record, unknown]);
    expect(page.items).toEqual([
      { ...record, actorName: '收银员小王', actorMerchant: '莲花健身', targetLabel: '8800000000000001', storeName: '静安店' },
      { ...unknown, actorName: null, actorMerchant: null, targetLabel: null, storeName: null },
    ]);
  });
});
