import type { EntityManager } from 'typeorm';
import type { Clock } from '../common/clock';
import type { IdGenerator } from '../common/ids';
import type { AppConfig } from '../config/app-config';
import type { TransactionRunner } from '../database/transaction-runner';
import type { AccessRevocations } from './access-revocations';
import { RefreshTokenStore } from './refresh-token.store';
import type { RefreshTokenRow, RefreshTokensRepository } from './refresh-tokens.repository';

const now = new Date('2026-11-25T08:00:00.000Z');
const em = {} as EntityManager;
const row = (overrides: Partial<RefreshTokenRow> = {}): RefreshTokenRow => ({
  id: 't1',
  familyId: 'f1',
  subjectId: 'c1',
  audience: 'consumer',
  tokenHash: 'h',
  expiresAt: new Date(now.getTime() + 60_000),
  usedAt: null,
  revokedAt: null,
  createdAt: now,
  ...overrides,
});

describe('RefreshTokenStore', () => {
  let tokens: jest.Mocked<Pick<RefreshTokensRepository, 'findByHash' | 'claim' | 'revokeFamily' | 'insert'>>;
  let revocations: jest.Mocked<Pick<AccessRevocations, 'revokeFamily'>>;
  let sut: RefreshTokenStore;

  beforeEach(() => {
    tokens = {
      findByHash: jest.fn().mockResolvedValue(row()),
      claim: jest.fn().mockResolvedValue(true),
      revokeFamily: jest.fn().mockResolvedValue(undefined),
      insert: jest.fn().mockResolvedValue(undefined),
    };
    const tx = { run: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(em)) };
    const clock: Clock = { now: () => now };
    let n = 0;
    const ids = { uuid: () => `id-${++n}` } as IdGenerator;
    revocations = { revokeFamily: jest.fn().mockResolvedValue(undefined) };
    sut = new RefreshTokenStore(
      tx as unknown as TransactionRunner,
      tokens as unknown as RefreshTokensRepository,
      clock,
      ids,
      { REFRESH_TOKEN_TTL_SECONDS: 3600 } as AppConfig,
      revocations as unknown as AccessRevocations,
    );
  });

  it('should issue a token of a new family that expires after the configured time', async () => {
    const session = await sut.issue('c1', 'consumer');
    expect(session).toEqual({ token: expect.stringMatching(/^id-2\./), familyId: 'id-1' });
    expect(tokens.insert).toHaveBeenCalledWith(em, expect.objectContaining({ id: 'id-2', familyId: 'id-1', subjectId: 'c1', expiresAt: new Date(now.getTime() + 3_600_000) }));
  });

  it('should rotate a fresh token into a new one of the same family', async () => {
    const outcome = await sut.rotate('presented');
    expect(outcome).toEqual({ kind: 'rotated', subjectId: 'c1', audience: 'consumer', token: expect.stringMatching(/^id-1\./), familyId: 'f1' });
    expect(tokens.claim).toHaveBeenCalledWith(em, 't1', now);
    expect(tokens.insert).toHaveBeenCalledWith(em, expect.objectContaining({ familyId: 'f1', usedAt: null }));
    expect(tokens.revokeFamily).not.toHaveBeenCalled();
    expect(revocations.revokeFamily).not.toHaveBeenCalled();
  });

  it('should revoke the whole family when a used token is presented again', async () => {
    tokens.claim.mockResolvedValue(false);
    expect(await sut.rotate('presented')).toEqual({ kind: 'reused' });
    expect(tokens.revokeFamily).toHaveBeenCalledWith(em, 'f1', now);
    expect(revocations.revokeFamily).toHaveBeenCalledWith('f1');
    expect(tokens.insert).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown token', null, 'invalid'],
    ['a revoked token', row({ revokedAt: now }), 'invalid'],
    ['a token at its expiry', row({ expiresAt: now }), 'expired'],
  ])('should refuse %s without claiming it', async (_name, found, kind) => {
    tokens.findByHash.mockResolvedValue(found);
    expect(await sut.rotate('presented')).toEqual({ kind });
    expect(tokens.claim).not.toHaveBeenCalled();
  });

  it('should revoke the family on logout and ignore an unknown token', async () => {
    await sut.revoke('presented');
    expect(tokens.revokeFamily).toHaveBeenCalledWith(em, 'f1', now);
    expect(revocations.revokeFamily).toHaveBeenCalledWith('f1');
    tokens.findByHash.mockResolvedValue(null);
    tokens.revokeFamily.mockClear();
    await sut.revoke('unknown');
    expect(tokens.revokeFamily).not.toHaveBeenCalled();
  });
});
