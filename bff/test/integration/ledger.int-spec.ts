import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/common/domain-error';
import { rowsInsert, sqlTime } from '../../src/database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import type { PostCommand } from '../../src/ledger/ledger.types';
import { useLedgerKit } from '../factories/ledger.factory';

describe('ledger (integration, real database)', () => {
  const kit = useLedgerKit();

  afterEach(async () => {
    await kit.rollup.runOnce();
    const report = await kit.verifier.verify();
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
  });

  const topUp = (operationId: string, clearing: number, card: number, amount: number): PostCommand => ({
    operationId,
    kind: 'TOPUP',
    legs: [{ debitAccountId: clearing, creditAccountId: card, amount, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP }],
  });
  const debit = (operationId: string, card: number, payable: number, amount: number): PostCommand => ({
    operationId,
    kind: 'REDEMPTION',
    legs: [{ debitAccountId: card, creditAccountId: payable, amount, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION }],
  });

  it('should let exactly ⌊balance/amount⌋ of 400 concurrent debits on one card succeed and never go negative', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const payable = await kit.hotAccount('MERCHANT_PAYABLE');
    const balance = 10_000;
    const amount = 30;
    await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, card, balance));

    const attempts = 400;
    const outcomes = await Promise.allSettled(
      Array.from({ length: attempts }, () => kit.ledger.post(debit(`r-${randomUUID()}`, card, payable, amount))),
    );

    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter(
      (o) => o.status === 'rejected' && o.reason instanceof DomainError && o.reason.code === 'INSUFFICIENT_BALANCE',
    ).length;
    expect(succeeded).toBe(Math.floor(balance / amount));
    expect(refused).toBe(attempts - succeeded);
    expect(await kit.ledger.balance(card)).toBe(balance - succeeded * amount);
    expect(await kit.ledger.balance(payable)).toBe(succeeded * amount);
    const [row] = await kit.ledger.accounts([card]);
    expect(row!.debitsPosted).toBeLessThanOrEqual(row!.creditsPosted);
  });

  it('should return the first answer when the same transfer id is retried, even concurrently', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const id = `t-${randomUUID()}`;

    const first = await kit.ledger.post(topUp(id, clearing, card, 5_000));
    const again = await kit.ledger.post(topUp(id, clearing, card, 5_000));
    const racing = await Promise.all(Array.from({ length: 20 }, () => kit.ledger.post(topUp(id, clearing, card, 5_000))));

    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.transfers).toEqual(first.transfers);
    for (const result of racing) expect(result.transfers).toEqual(first.transfers);
    expect(await kit.ledger.balance(card)).toBe(5_000);
  });

  it('should refuse the same id with a different body and change nothing', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const id = `t-${randomUUID()}`;
    await kit.ledger.post(topUp(id, clearing, card, 5_000));

    await expect(kit.ledger.post(topUp(id, clearing, card, 6_000))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await kit.ledger.balance(card)).toBe(5_000);
  });

  it('should remember a refused id, so a retry after a top-up is still refused', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const payable = await kit.hotAccount('MERCHANT_PAYABLE');
    const id = `r-${randomUUID()}`;

    await expect(kit.ledger.post(debit(id, card, payable, 100))).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, card, 1_000));
    await expect(kit.ledger.post(debit(id, card, payable, 100))).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
    expect(await kit.ledger.balance(card)).toBe(1_000);
  });

  it('should hold a card under its balance ceiling', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const ceiling = { [card]: 500_000 };

    await kit.ledger.post({ ...topUp(`t-${randomUUID()}`, clearing, card, 400_000), balanceCeilings: ceiling });
    await expect(
      kit.ledger.post({ ...topUp(`t-${randomUUID()}`, clearing, card, 100_001), balanceCeilings: ceiling }),
    ).rejects.toMatchObject({ code: 'BALANCE_LIMIT_EXCEEDED' });
    await kit.ledger.post({ ...topUp(`t-${randomUUID()}`, clearing, card, 100_000), balanceCeilings: ceiling });
    expect(await kit.ledger.balance(card)).toBe(500_000);
  });

  it.each([
    ['zero', 0],
    ['negative', -100],
    ['fractional', 10.5],
    ['oversized', 100_000_001],
  ])('should refuse a %s amount without writing anything', async (_label, amount) => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const id = `t-${randomUUID()}`;

    await expect(kit.ledger.post(topUp(id, clearing, card, amount))).rejects.toMatchObject({ code: 'AMOUNT_INVALID' });
    const rows: unknown[] = await kit.dataSource.query('SELECT id FROM ledger_operations WHERE id = ?', [id]);
    expect(rows).toHaveLength(0);
  });

  it('should refuse a transfer across ledgers', async () => {
    const card = await kit.cardAccount();
    const bonusPool = await kit.hotAccount('MERCHANT_BONUS_POOL', 'BONUS');
    await expect(kit.ledger.post(topUp(`t-${randomUUID()}`, bonusPool, card, 100))).rejects.toMatchObject({
      code: 'LEDGER_MISMATCH',
    });
  });

  it('should roll hot accounts up so their stored totals equal the transfers', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    for (let i = 0; i < 5; i++) await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, card, 100));

    expect(await kit.rollup.runOnce()).toBeGreaterThanOrEqual(5);
    const [stored] = await kit.ledger.accounts([clearing]);
    expect(stored!.debitsPosted).toBe(500);
    expect(await kit.ledger.balance(clearing)).toBe(-500);
  });

  /** A row of the caller's own, written in the same round trip as a batch posting. */
  const auditRow = (targetId: string) =>
    rowsInsert('audit_log', [{ actor_type: 'system', actor_id: null, action: 'test.batch', target_type: 'test', target_id: targetId, detail: null, created_at: sqlTime(new Date()) }]);
  const auditRows = async (targetId: string) => (await kit.dataSource.query<unknown[]>('SELECT id FROM audit_log WHERE target_id = ?', [targetId])).length;

  it('should post a batch on locked accounts together with the caller\'s own writes, all in one transaction', async () => {
    const [cardA, cardB] = [await kit.cardAccount(), await kit.cardAccount()];
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const payable = await kit.hotAccount('MERCHANT_PAYABLE');
    await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, cardA, 1_000));
    await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, cardB, 1_000));
    const marker = randomUUID();

    await kit.tx.run(async (em) => {
      const locked = await kit.ledger.lockAccounts(em, [cardB, cardA, cardB]);
      expect([...locked.keys()]).toEqual([cardA, cardB].sort((x, y) => x - y));
      const commands = [debit(`r-${randomUUID()}`, cardA, payable, 300), debit(`r-${randomUUID()}`, cardA, payable, 200), debit(`r-${randomUUID()}`, cardB, payable, 1_000)];
      await kit.ledger.postBatchInTransaction(em, commands, { locked, alongside: [auditRow(marker)] });
    });
    expect(await kit.ledger.balance(cardA)).toBe(500);
    expect(await kit.ledger.balance(cardB)).toBe(0);
    expect(await auditRows(marker)).toBe(1);
  });

  it('should roll a batch back as a whole, the caller\'s writes included, when one posting would overdraw its card', async () => {
    const card = await kit.cardAccount();
    const clearing = await kit.hotAccount('TOPUP_CLEARING');
    const payable = await kit.hotAccount('MERCHANT_PAYABLE');
    await kit.ledger.post(topUp(`t-${randomUUID()}`, clearing, card, 1_000));
    const ids = [`r-${randomUUID()}`, `r-${randomUUID()}`];
    const marker = randomUUID();

    await expect(
      kit.tx.run((em) => kit.ledger.postBatchInTransaction(em, [debit(ids[0]!, card, payable, 600), debit(ids[1]!, card, payable, 600)], { alongside: [auditRow(marker)] })),
    ).rejects.toThrow(/did not change the rows it expected/);
    expect(await kit.ledger.balance(card)).toBe(1_000);
    expect(await auditRows(marker)).toBe(0);
    const written: unknown[] = await kit.dataSource.query('SELECT id FROM ledger_operations WHERE id IN (?, ?)', ids);
    expect(written).toHaveLength(0);
  });

  it('should report a tampered balance as a violation', async () => {
    const card = await kit.cardAccount();
    await kit.dataSource.query('UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = ?', [card]);
    const report = await kit.verifier.verify();
    expect(report.ok).toBe(false);
    expect(report.violations.map((v) => v.check)).toEqual(
      expect.arrayContaining(['double_entry', 'stored_equals_derived_credits']),
    );
    await kit.dataSource.query('UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = ?', [card]);
  });
});
