import {
  cardNumberFromRandomDigits,
  parseYuan,
  type AuditPage,
  type BalanceRefundView,
  type CardView,
  type MerchantDashboard,
  type OperatorCardView,
  type RedemptionReport,
  type RedemptionView,
  type RefundReport,
  type StaffMemberView,
  type StoreView,
  type TokenPair,
  type TopUpReport,
  type TopUpView,
} from '@jucard/shared';
import type { ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CardEntity } from '../../src/cards/card.entity';
import { sqlTime } from '../../src/database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../../src/ledger/ledger.constants';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, memberCode } from '../factories/money';
import { expectLedgerSound } from '../support/app-hooks';
import { startSandboxProcess } from '../support/sandbox-process';
import { startTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;

/** RFC 4180 records (quoted fields, doubled quotes, CRLF), enough to read our own exports back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && ch === '\n') {
      record.push(field.replace(/\r$/, ''));
      records.push(record);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

const fen = (yuan: string | undefined) => {
  const value = parseYuan(yuan ?? '');
  if (value === null) throw new Error(`not a yuan amount: ${yuan}`);
  return value;
};

/**
 * The back office against the real app and database, with money moved only through the real services: top-ups
 * paid at the channel sandbox, redemptions with member codes, reversals; freezes by an operator.
 */
describe('the back office (integration, real database and channel sandbox)', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  let sandbox: ChildProcess;
  let sandboxDir: string;
  let db: DataSource;

  beforeAll(async () => {
    sandboxDir = mkdtempSync(join(tmpdir(), 'jucard-sandbox-'));
    const previous = process.env.SANDBOX_DATA_DIR;
    process.env.SANDBOX_DATA_DIR = sandboxDir;
    const started = await startSandboxProcess();
    if (previous === undefined) delete process.env.SANDBOX_DATA_DIR;
    else process.env.SANDBOX_DATA_DIR = previous;
    sandbox = started.process;
    t = await startTestApp({
      CHANNEL_SANDBOX_URL: started.url,
      PAYMENT_CREDENTIALS_FILE: join(sandboxDir, 'merchant-credentials.json'),
      MEMBER_CODE_ISSUE_PER_MINUTE: '100000',
    });
    a = actors(t);
    db = t.app.get(DataSource);
    // the sandbox's channels finish refunds after a while; make that while short
    const scaled = await fetch(`${started.url}/__control/time-scale`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scale: 1000 }) });
    expect(scaled.ok).toBe(true);
  });

  afterAll(async () => {
    await t?.close();
    if (sandbox && sandbox.exitCode === null) {
      const exited = new Promise((done) => sandbox.once('exit', done));
      sandbox.kill('SIGTERM');
      await exited;
    }
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  afterEach(() => expectLedgerSound(t));

  // ---- money through the real services ----

  async function topUp(consumer: TokenPair, cardId: string, amountFen: number, channel: 'WECHATPAY' | 'ALIPAY' | 'UNIONPAY'): Promise<TopUpView> {
    const created = (await t.http.post('/me/topups').set(bearer(consumer)).send({ cardId, amountFen, channel, idempotencyKey: randomUUID() }).expect(201)).body as TopUpView;
    const outTradeNo = new URL(created.cashierUrl!).pathname.split('/').pop()!;
    const paid = await fetch(`${t.sandboxUrl}/__control/orders/${channel.toLowerCase()}/${outTradeNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(paid.ok).toBe(true);
    for (let i = 0; i < 100; i++) {
      const view = (await t.http.get(`/me/topups/${created.orderId}`).set(bearer(consumer)).expect(200)).body as TopUpView;
      if (view.status === 'PAID') return view;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`top-up ${created.orderId} was never paid`);
  }

  async function redeem(staff: TokenPair, consumer: TokenPair, cardId: string, storeId: string, amountFen: number, status = 201) {
    const code = await memberCode(t, consumer, cardId);
    return t.http.post('/merchant/redemptions').set(bearer(staff)).send({ code: code.numericCode, amountFen, storeId, merchantOrderNo: unique('ORD') }).expect(status);
  }

  const reverse = (staff: TokenPair, redemptionId: string, amountFen: number) =>
    t.http.post(`/merchant/redemptions/${redemptionId}/reversals`).set(bearer(staff)).send({ amountFen, reversalNo: unique('RV') }).expect(201);

  const balance = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView).balance;

  /** Money (cash and bonus, not points) the ledger moved for a merchant, per transfer code. */
  async function ledgerSums(merchantId: string): Promise<Map<number, number>> {
    const rows: Array<{ code: unknown; total: unknown }> = await db.query(
      'SELECT code, SUM(amount) AS total FROM ledger_transfers WHERE merchant_id = ? AND ledger IN (?, ?) GROUP BY code',
      [merchantId, LEDGERS.CNY, LEDGERS.BONUS],
    );
    return new Map(rows.map((r) => [Number(r.code), Number(r.total)]));
  }

  /** A merchant with a second store, a consumer whose card got ¥500 (+¥50) by WeChat Pay and ¥100 by Alipay. */
  async function busyMerchant() {
    const m = await a.approvedMerchant();
    const store2 = (await t.http.post('/merchant/stores').set(bearer(m.owner)).send({ name: '二号店', address: '上海' }).expect(201)).body as StoreView;
    const consumer = await a.consumer();
    const card = await claimCard(t, consumer, m.product.claimToken);
    await topUp(consumer, card.id, 50_000, 'WECHATPAY');
    await topUp(consumer, card.id, 10_000, 'ALIPAY');
    return { ...m, store2, consumer, card };
  }

  const csvOf = async (token: TokenPair, path: string) => {
    const res = await t.http.get(path).set(bearer(token)).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return { res, bytes: res.body as Buffer };
  };

  // ---- dashboard ----

  it('should show today and the last 30 days exactly as the services moved the money, with the cards\' liability', async () => {
    const m = await busyMerchant();
    const first = (await redeem(m.owner, m.consumer, m.card.id, m.store.id, 12_000)).body as RedemptionView;
    await redeem(m.owner, m.consumer, m.card.id, m.store2.id, 3_000);
    await reverse(m.owner, first.redemptionId, 2_000);

    const board = (await t.http.get('/merchant/dashboard').set(bearer(m.owner)).expect(200)).body as MerchantDashboard;
    const cardBalance = await balance(m.consumer, m.card.id);
    expect(board.today).toMatchObject({
      topUpCount: 2,
      topUpFen: 60_000,
      topUpBonusFen: 5_000,
      redemptionCount: 2,
      redemptionFen: 15_000,
      reversedFen: 2_000,
      netRedemptionFen: 13_000,
      newCards: 1,
    });
    expect(board.liability).toEqual({
      principalFen: cardBalance.principalFen,
      bonusFen: cardBalance.bonusFen,
      totalFen: cardBalance.totalFen,
      cardsWithBalance: 1,
      cardCount: 1,
    });
    expect(cardBalance.totalFen).toBe(60_000 + 5_000 - 15_000 + 2_000);
    expect(board.series).toHaveLength(30);
    expect(board.series[29]).toEqual(board.today);
    expect(board.series.slice(0, 29).every((d) => d.topUpCount === 0 && d.redemptionFen === 0 && d.newCards === 0)).toBe(true);
    expect(new Set(board.series.map((d) => d.date)).size).toBe(30);
    expect(board.last30Days).toMatchObject({ from: board.series[0]!.date, to: board.today.date, redemptionFen: 15_000, netRedemptionFen: 13_000 });

    // a redemption from three days ago lands on its own day; one from 40 days ago is outside the window
    const threeDaysAgo = new Date(Date.now() - 3 * DAY_MS);
    await db.query('UPDATE redemptions SET created_at = ? WHERE id = ?', [sqlTime(threeDaysAgo), first.redemptionId]);
    await db.query("UPDATE cards SET created_at = ? WHERE id = ?", [sqlTime(new Date(Date.now() - 40 * DAY_MS)), m.card.id]);
    const later = (await t.http.get('/merchant/dashboard').set(bearer(m.owner)).expect(200)).body as MerchantDashboard;
    expect(later.today).toMatchObject({ redemptionCount: 1, redemptionFen: 3_000, reversedFen: 2_000, newCards: 0 });
    expect(later.series[26]).toMatchObject({ redemptionCount: 1, redemptionFen: 12_000, reversedFen: 0 });
    expect(later.last30Days).toMatchObject({ redemptionCount: 2, redemptionFen: 15_000, newCards: 0 });

    // another merchant sees none of it
    const other = await a.approvedMerchant();
    const theirs = (await t.http.get('/merchant/dashboard').set(bearer(other.owner)).expect(200)).body as MerchantDashboard;
    expect(theirs.last30Days).toMatchObject({ topUpCount: 0, redemptionCount: 0, newCards: 0 });
    expect(theirs.liability).toMatchObject({ principalFen: 0, cardCount: 0 });
  });

  // ---- reports ----

  it('should page a report newest first with totals of the whole filter, and filter by store, status and days', async () => {
    const m = await busyMerchant();
    const made: RedemptionView[] = [];
    for (const [store, amount] of [[m.store.id, 1_000], [m.store2.id, 2_000], [m.store.id, 3_000], [m.store2.id, 4_000], [m.store.id, 5_000]] as const) {
      made.push((await redeem(m.owner, m.consumer, m.card.id, store, amount)).body as RedemptionView);
    }
    await reverse(m.owner, made[0]!.redemptionId, 1_000); // all of it
    await reverse(m.owner, made[1]!.redemptionId, 500);
    const report = (query: string) => t.http.get(`/merchant/reports/redemptions${query}`).set(bearer(m.owner));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await report(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body as RedemptionReport;
      expect(page.totals).toEqual({ count: 5, amountFen: 15_000, principalFen: expect.any(Number), bonusFen: expect.any(Number), refundedFen: 1_500, netFen: 13_500 });
      expect(page.totals.principalFen + page.totals.bonusFen).toBe(15_000);
      seen.push(...page.items.map((r) => r.redemptionId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((r) => r.redemptionId).reverse());

    const store2 = (await report(`?storeId=${m.store2.id}`).expect(200)).body as RedemptionReport;
    expect(store2.items.map((r) => r.amountFen)).toEqual([4_000, 2_000]);
    expect(store2.items.every((r) => r.storeName === '二号店')).toBe(true);
    expect(store2.totals).toMatchObject({ count: 2, amountFen: 6_000, refundedFen: 500 });

    const reversed = (await report('?status=REVERSED').expect(200)).body as RedemptionReport;
    expect(reversed.items.map((r) => [r.redemptionId, r.status, r.netFen])).toEqual([[made[0]!.redemptionId, 'REVERSED', 0]]);
    const partly = (await report('?status=PARTIALLY_REVERSED').expect(200)).body as RedemptionReport;
    expect(partly.items.map((r) => [r.amountFen, r.refundedFen, r.netFen])).toEqual([[2_000, 500, 1_500]]);
    expect(((await report('?status=NORMAL').expect(200)).body as RedemptionReport).totals.count).toBe(3);

    // days are Shanghai business days, both ends included
    const today = ((await report('').expect(200)).body as RedemptionReport).to;
    await db.query('UPDATE redemptions SET created_at = ? WHERE id = ?', [sqlTime(new Date(Date.now() - 10 * DAY_MS)), made[4]!.redemptionId]);
    expect(((await report('').expect(200)).body as RedemptionReport).totals.count).toBe(4); // default: the last 7 days
    const tenDaysAgo = new Date(Date.parse(`${today}T12:00:00+08:00`) - 10 * DAY_MS).toISOString().slice(0, 10);
    const old = (await report(`?from=${tenDaysAgo}&to=${tenDaysAgo}`).expect(200)).body as RedemptionReport;
    expect(old.items.map((r) => r.redemptionId)).toEqual([made[4]!.redemptionId]);

    const topups = (await t.http.get('/merchant/reports/topups').set(bearer(m.owner)).expect(200)).body as TopUpReport;
    expect(topups.items.map((r) => [r.amountFen, r.bonusFen, r.channel, r.status])).toEqual([
      [10_000, 0, 'ALIPAY', 'PAID'],
      [50_000, 5_000, 'WECHATPAY', 'PAID'],
    ]);
    expect(topups.items.every((r) => r.outTradeNo && r.paidAt && r.cardNoMasked.includes('****'))).toBe(true);
    expect(topups.totals).toEqual({ count: 2, amountFen: 60_000, bonusFen: 5_000, refundedFen: 0 });
  });

  it.each([
    ['?from=2026-11-26&to=2026-11-25', 422, 'REPORT_RANGE_INVALID'],
    ['?from=2024-01-01&to=2025-12-31', 422, 'REPORT_RANGE_INVALID'],
    ['?from=2026-02-30', 422, 'REPORT_RANGE_INVALID'],
    ['?from=yesterday', 422, 'VALIDATION_FAILED'],
    ['?status=PAID', 422, 'VALIDATION_FAILED'],
    ['?cursor=bm90LWEtY3Vyc29y', 422, 'VALIDATION_FAILED'],
    ['?limit=1000', 422, 'VALIDATION_FAILED'],
    ['?merchantId=x', 422, 'VALIDATION_FAILED'],
  ])('should refuse the redemption report filter %s', async (query, status, code) => {
    const m = await a.approvedMerchant();
    const res = await t.http.get(`/merchant/reports/redemptions${query}`).set(bearer(m.owner)).expect(status);
    expect(res.body.code).toBe(code);
  });

  it('should export CSV with a BOM, Chinese headers, yuan amounts and a 合计 row that match the ledger', async () => {
    const m = await busyMerchant();
    const made: RedemptionView[] = [];
    for (const amount of [12_345, 678, 9_001]) made.push((await redeem(m.owner, m.consumer, m.card.id, m.store.id, amount)).body as RedemptionView);
    await reverse(m.owner, made[0]!.redemptionId, 2_345);
    await db.query('UPDATE stores SET name = ? WHERE id = ?', ['=HYPERLINK("x"),"一号店"', m.store.id]);

    const { res, bytes } = await csvOf(m.owner, '/merchant/reports/redemptions.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="jucard-redemptions_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1] ?? '')).toMatch(/^消费明细_/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const records = parseCsv(bytes.toString('utf8').slice(1));
    const [header, ...rest] = records;
    const total = rest.pop()!;
    expect(header).toEqual(['消费时间', '商户订单号', '门店', '卡号', '消费金额(元)', '本金(元)', '赠送金(元)', '积分', '已冲正(元)', '实收(元)', '状态', '收银方式']);
    expect(rest.map((r) => r[1])).toEqual(made.map((r) => r.merchantOrderNo)); // oldest first
    expect(rest.map((r) => r[4])).toEqual(['123.45', '6.78', '90.01']);
    expect(rest[0]![2]).toBe('\'=HYPERLINK("x"),"一号店"'); // kept as text, never a formula
    expect(rest[0]![10]).toBe('部分冲正');
    expect(rest[0]![0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(total[0]).toBe('合计');
    expect(total[1]).toBe('3笔');

    const column = (i: number) => rest.reduce((sum, r) => sum + fen(r[i]), 0);
    const ledger = await ledgerSums(m.merchant.id);
    expect(fen(total[4])).toBe(column(4));
    expect(fen(total[5])).toBe(ledger.get(TRANSFER_CODES.REDEMPTION));
    expect(fen(total[6])).toBe(ledger.get(TRANSFER_CODES.BONUS_REDEMPTION) ?? 0);
    expect(fen(total[4])).toBe(fen(total[5]) + fen(total[6]));
    expect(fen(total[8])).toBe(ledger.get(TRANSFER_CODES.REVERSAL)); // principal and bonus given back
    expect(fen(total[9])).toBe(22_024 - 2_345);

    const topups = parseCsv((await csvOf(m.owner, '/merchant/reports/topups.csv')).bytes.toString('utf8').slice(1));
    const topupTotal = topups[topups.length - 1]!;
    expect(topups[0]).toEqual(['下单时间', '支付时间', '充值单号', '支付渠道单号', '卡号', '支付方式', '状态', '充值金额(元)', '赠送金(元)', '已原路退回(元)']);
    expect(topups.slice(1, -1).map((r) => [r[5], r[6], r[7]])).toEqual([
      ['微信支付', '已支付', '500.00'],
      ['支付宝', '已支付', '100.00'],
    ]);
    expect(fen(topupTotal[7])).toBe(ledger.get(TRANSFER_CODES.TOPUP));
    expect(fen(topupTotal[8])).toBe(ledger.get(TRANSFER_CODES.BONUS_GRANT));
  });

  it('should report balance refunds with their channels, and the top-ups they drew on, matching the ledger', async () => {
    const m = await busyMerchant();
    await redeem(m.owner, m.consumer, m.card.id, m.store.id, 11_000); // pro rata: ¥100 principal + ¥10 bonus
    const left = await balance(m.consumer, m.card.id);
    const requested = (await t.http.post(`/me/cards/${m.card.id}/refunds`).set(bearer(m.consumer)).send({ idempotencyKey: randomUUID() }).expect(201)).body as BalanceRefundView;
    for (let i = 0; i < 100 && requested.status === 'PROCESSING'; i++) {
      Object.assign(requested, (await t.http.get(`/me/cards/${m.card.id}/refunds/${requested.refundId}`).set(bearer(m.consumer)).expect(200)).body);
      if (requested.status === 'PROCESSING') await new Promise((r) => setTimeout(r, 50));
    }
    expect(requested.status).toBe('SUCCEEDED');

    const report = (await t.http.get('/merchant/reports/refunds').set(bearer(m.owner)).expect(200)).body as RefundReport;
    expect(report.items).toEqual([
      {
        refundId: requested.refundId,
        createdAt: requested.createdAt,
        cardNoMasked: expect.stringMatching(/^88\d{2} \*{4} \*{4} \d{4}$/),
        principalFen: left.principalFen,
        bonusForfeitedFen: left.bonusFen,
        status: 'SUCCEEDED',
        channels: [...new Set(requested.parts.map((part) => part.channel))].sort(),
      },
    ]);
    expect(report.totals).toEqual({ count: 1, amountFen: left.principalFen, bonusForfeitedFen: left.bonusFen });
    expect(((await t.http.get('/merchant/reports/refunds?status=FAILED').set(bearer(m.owner)).expect(200)).body as RefundReport).totals.count).toBe(0);

    const topups = (await t.http.get('/merchant/reports/topups').set(bearer(m.owner)).expect(200)).body as TopUpReport;
    // newest payment first, each up to what it has left
    for (const row of topups.items) {
      const drawn = requested.parts.filter((part) => part.channel === row.channel).reduce((sum, part) => sum + part.amountFen, 0);
      expect([row.refundedFen, row.status]).toEqual([drawn, drawn === row.amountFen ? 'REFUNDED' : drawn > 0 ? 'PARTIALLY_REFUNDED' : 'PAID']);
    }
    expect(topups.totals.refundedFen).toBe(left.principalFen);

    const csv = parseCsv((await csvOf(m.owner, '/merchant/reports/refunds.csv')).bytes.toString('utf8').slice(1));
    expect(csv[0]).toEqual(['申请时间', '退卡单号', '卡号', '退还本金(元)', '作废赠送金(元)', '状态', '原路退回渠道']);
    expect(csv[1]![5]).toBe('已退卡');
    expect(csv[1]![6]!.split('、').length).toBe(report.items[0]!.channels.length);
    const ledger = await ledgerSums(m.merchant.id);
    expect(fen(csv[2]![3])).toBe(ledger.get(TRANSFER_CODES.REFUND));
    expect(fen(csv[2]![4])).toBe(ledger.get(TRANSFER_CODES.BONUS_FORFEIT));

    const board = (await t.http.get('/merchant/dashboard').set(bearer(m.owner)).expect(200)).body as MerchantDashboard;
    expect(board.liability).toEqual({ principalFen: 0, bonusFen: 0, totalFen: 0, cardsWithBalance: 0, cardCount: 1 });
    const other = await a.approvedMerchant();
    expect(((await t.http.get('/merchant/reports/refunds').set(bearer(other.owner)).expect(200)).body as RefundReport).items).toEqual([]);
  });

  it('should stream a large export in keyset batches without losing or repeating rows that share a timestamp', async () => {
    const m = await a.approvedMerchant();
    const cardId = randomUUID();
    await db.getRepository(CardEntity).insert({
      id: cardId,
      cardNo: cardNumberFromRandomDigits(String(randomInt(0, 10 ** 12)).padStart(13, '0')),
      consumerId: randomUUID(),
      merchantId: m.merchant.id,
      productId: m.product.id,
      status: 'ACTIVE',
      principalAccountId: 0,
      bonusAccountId: 0,
      pointsAccountId: 0,
      expiresAt: null,
      createdAt: new Date(),
    });
    const rows = 12_001; // three batches; thousands of rows on one instant so the id breaks the ties
    const sameInstant = sqlTime(new Date(Date.now() - 3_600_000));
    let expected = 0;
    for (let from = 0; from < rows; from += 500) {
      const values: unknown[] = [];
      const count = Math.min(500, rows - from);
      for (let i = from; i < from + count; i++) {
        const amount = 100 + (i % 997);
        expected += amount;
        const at = i % 3 === 0 ? sameInstant : sqlTime(new Date(Date.now() - 3_600_000 + i));
        values.push(randomUUID(), m.merchant.id, m.store.id, cardId, 'X', `BULK-${i}`, 'h', amount, amount, 0, 0, 0, 0, 0, 0, 'pos', 'bulk', at);
      }
      await db.query(
        `INSERT INTO redemptions (id, merchant_id, store_id, card_id, member_code_id, merchant_order_no, request_hash, amount_fen, principal_fen, bonus_fen, points,
          refunded_fen, principal_after_fen, bonus_after_fen, points_after, operator_type, operator_id, created_at) VALUES ${Array.from({ length: count }, () => `(${Array(18).fill('?').join(', ')})`).join(', ')}`,
        values,
      );
    }

    const { bytes } = await csvOf(m.owner, '/merchant/reports/redemptions.csv');
    const records = parseCsv(bytes.toString('utf8').slice(1));
    const body = records.slice(1, -1);
    expect(body).toHaveLength(rows);
    expect(new Set(body.map((r) => r[1])).size).toBe(rows);
    expect(body.every((r) => r[11] === '收银系统')).toBe(true);
    expect(fen(records[records.length - 1]![4])).toBe(expected);

    const page = (await t.http.get('/merchant/reports/redemptions?limit=1').set(bearer(m.owner)).expect(200)).body as RedemptionReport;
    expect(page.totals).toMatchObject({ count: rows, amountFen: expected });
  });

  // ---- tenancy ----

  it("should answer another merchant's ids like unknown ones, and keep cashiers and other audiences out", async () => {
    const mine = await a.approvedMerchant();
    const theirs = await a.approvedMerchant();
    const staffList = (await t.http.get('/merchant/staff-members').set(bearer(theirs.owner)).expect(200)).body as StaffMemberView[];

    expect((await t.http.get(`/merchant/reports/redemptions?storeId=${theirs.store.id}`).set(bearer(mine.owner)).expect(404)).body.code).toBe('STORE_NOT_FOUND');
    expect((await t.http.get(`/merchant/reports/redemptions.csv?storeId=${theirs.store.id}`).set(bearer(mine.owner)).expect(404)).body.code).toBe('STORE_NOT_FOUND');
    expect((await t.http.put(`/merchant/stores/${theirs.store.id}`).set(bearer(mine.owner)).send({ name: '改名', address: '别处' }).expect(404)).body.code).toBe('STORE_NOT_FOUND');
    expect((await t.http.put(`/merchant/staff/${staffList[0]!.id}`).set(bearer(mine.owner)).send({ displayName: '改名' }).expect(404)).body.code).toBe('STAFF_NOT_FOUND');
    expect((await t.http.get('/merchant/stores').set(bearer(theirs.owner)).expect(200)).body[0].name).toBe('一号店');

    const cashierName = unique('cashier');
    await t.http.post('/merchant/staff').set(bearer(mine.owner)).send({ username: cashierName, password: 'cashier-password', displayName: '收银', role: 'CASHIER', storeIds: [mine.store.id] }).expect(201);
    const cashier = await a.staffLogin(cashierName, 'cashier-password');
    for (const path of ['/merchant/dashboard', '/merchant/reports/topups', '/merchant/reports/refunds.csv', '/merchant/staff-members']) {
      expect((await t.http.get(path).set(bearer(cashier)).expect(403)).body.code).toBe('FORBIDDEN');
    }
    expect((await t.http.get('/merchant/dashboard').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await t.http.get('/merchant/reports/topups.csv').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await t.http.get('/merchant/reports/payouts').set(bearer(mine.owner)).expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
    const consumer = await a.consumer();
    expect((await t.http.get('/merchant/dashboard').set(bearer(consumer)).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.get('/operator/audit').set(bearer(mine.owner)).expect(403)).body.code).toBe('FORBIDDEN');
  });

  // ---- stores and staff ----

  it('should edit a store and leave an audit row', async () => {
    const m = await a.approvedMerchant();
    const store = (await t.http.put(`/merchant/stores/${m.store.id}`).set(bearer(m.owner)).send({ name: '静安旗舰店', address: '上海市静安区南京西路 1 号' }).expect(200)).body as StoreView;
    expect(store).toEqual({ id: m.store.id, merchantId: m.merchant.id, name: '静安旗舰店', address: '上海市静安区南京西路 1 号' });
    expect((await t.http.get('/merchant/stores').set(bearer(m.owner)).expect(200)).body).toEqual([store]);
    const [row] = await db.query("SELECT actor_id, detail FROM audit_log WHERE action = 'store.updated' AND target_id = ?", [m.store.id]);
    expect(JSON.parse(row.detail)).toEqual({ before: { name: '一号店', address: '上海' }, after: { name: '静安旗舰店', address: '上海市静安区南京西路 1 号' } });
    expect((await t.http.put(`/merchant/stores/${m.store.id}`).set(bearer(m.owner)).send({ name: '', address: 'x' }).expect(422)).body.errors.name).toBeDefined();
  });

  it('should stop a deactivated member at once: no login, no refresh, and their live token refused', async () => {
    const m = await a.approvedMerchant();
    const username = unique('cashier');
    const member = (await t.http.post('/merchant/staff').set(bearer(m.owner)).send({ username, password: 'cashier-password', displayName: '小王', role: 'CASHIER', storeIds: [m.store.id] }).expect(201)).body as StaffMemberView;
    const session = await a.staffLogin(username, 'cashier-password');
    await t.http.get('/merchant/staff/me').set(bearer(session)).expect(200);

    const off = (await t.http.put(`/merchant/staff/${member.id}`).set(bearer(m.owner)).send({ active: false }).expect(200)).body as StaffMemberView;
    expect(off).toMatchObject({ id: member.id, active: false, role: 'CASHIER', displayName: '小王' });
    expect((await t.http.get('/merchant/staff/me').set(bearer(session)).expect(401)).body.code).toBe('STAFF_DEACTIVATED');
    expect((await t.http.post('/auth/staff/login').send({ username, password: 'cashier-password' }).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401)).body.code).toMatch(/TOKEN_INVALID/);

    await t.http.put(`/merchant/staff/${member.id}`).set(bearer(m.owner)).send({ active: true }).expect(200);
    const again = await a.staffLogin(username, 'cashier-password');
    await t.http.get('/merchant/staff/me').set(bearer(again)).expect(200);
    expect((await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401)).body.code).toMatch(/TOKEN_INVALID|REFRESH_TOKEN_REUSED/);

    const audit = await db.query("SELECT detail FROM audit_log WHERE action = 'staff.updated' AND target_id = ? ORDER BY id", [member.id]);
    expect(audit.map((r: { detail: string }) => JSON.parse(r.detail).after.active)).toEqual([false, true]);
  });

  it('should protect the owner, keep managers to cashiers, and apply a new role from the next request', async () => {
    const m = await a.approvedMerchant();
    const owner = ((await t.http.get('/merchant/staff/me').set(bearer(m.owner)).expect(200)).body as StaffMemberView).id;
    expect((await t.http.put(`/merchant/staff/${owner}`).set(bearer(m.owner)).send({ role: 'MANAGER' }).expect(409)).body.code).toBe('OWNER_PROTECTED');
    expect((await t.http.put(`/merchant/staff/${owner}`).set(bearer(m.owner)).send({ active: false }).expect(409)).body.code).toBe('OWNER_PROTECTED');
    expect((await t.http.put(`/merchant/staff/${owner}`).set(bearer(m.owner)).send({ displayName: '老板' }).expect(200)).body).toMatchObject({ role: 'OWNER', displayName: '老板', active: true });

    const hire = async (role: 'MANAGER' | 'CASHIER') => {
      const username = unique(role.toLowerCase());
      const view = (await t.http.post('/merchant/staff').set(bearer(m.owner)).send({ username, password: 'staff-password', displayName: role, role, storeIds: [] }).expect(201)).body as StaffMemberView;
      return { view, token: await a.staffLogin(username, 'staff-password') };
    };
    const manager = await hire('MANAGER');
    const other = await hire('MANAGER');
    const cashier = await hire('CASHIER');

    expect((await t.http.put(`/merchant/staff/${owner}`).set(bearer(manager.token)).send({ displayName: 'x' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.put(`/merchant/staff/${other.view.id}`).set(bearer(manager.token)).send({ active: false }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.put(`/merchant/staff/${cashier.view.id}`).set(bearer(manager.token)).send({ role: 'MANAGER' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.put(`/merchant/staff/${manager.view.id}`).set(bearer(manager.token)).send({ role: 'CASHIER' }).expect(403)).body.code).toBe('FORBIDDEN');
    const moved = (await t.http.put(`/merchant/staff/${cashier.view.id}`).set(bearer(manager.token)).send({ storeIds: [m.store.id, m.store.id], displayName: '小李' }).expect(200)).body;
    expect(moved).toMatchObject({ storeIds: [m.store.id], displayName: '小李', role: 'CASHIER' });
    const foreign = await a.approvedMerchant();
    expect((await t.http.put(`/merchant/staff/${cashier.view.id}`).set(bearer(manager.token)).send({ storeIds: [foreign.store.id] }).expect(404)).body.code).toBe('STORE_NOT_FOUND');

    await t.http.get('/merchant/dashboard').set(bearer(manager.token)).expect(200);
    await t.http.put(`/merchant/staff/${manager.view.id}`).set(bearer(m.owner)).send({ role: 'CASHIER' }).expect(200);
    expect((await t.http.get('/merchant/dashboard').set(bearer(manager.token)).expect(403)).body.code).toBe('FORBIDDEN');
    const members = (await t.http.get('/merchant/staff-members').set(bearer(m.owner)).expect(200)).body as StaffMemberView[];
    expect(members.map((s) => [s.id, s.role])).toEqual([
      [owner, 'OWNER'],
      [manager.view.id, 'CASHIER'],
      [other.view.id, 'MANAGER'],
      [cashier.view.id, 'CASHIER'],
    ]);
  });

  // ---- operator freezes ----

  it('should stop top-ups of a frozen merchant but keep honouring its cards, audit both moves, and restore on unfreeze', async () => {
    const m = await busyMerchant();
    const ops = await a.operator();
    expect((await t.http.post(`/operator/merchants/${m.merchant.id}/freeze`).set(bearer(ops)).send({}).expect(422)).body.errors.reason).toBeDefined();
    expect((await t.http.post(`/operator/merchants/${m.merchant.id}/freeze`).set(bearer(ops)).send({ reason: ' x ' }).expect(422)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.post(`/operator/merchants/${randomUUID()}/freeze`).set(bearer(ops)).send({ reason: '测试冻结' }).expect(404)).body.code).toBe('NOT_FOUND');

    const frozen = (await t.http.post(`/operator/merchants/${m.merchant.id}/freeze`).set(bearer(ops)).send({ reason: '涉嫌套现，暂停服务' }).expect(201)).body;
    expect(frozen).toMatchObject({ id: m.merchant.id, status: 'FROZEN' });
    expect((await t.http.post(`/operator/merchants/${m.merchant.id}/freeze`).set(bearer(ops)).send({ reason: '再次冻结' }).expect(409)).body.code).toBe('MERCHANT_STATE_INVALID');

    // its cards are still honoured at the till (消保条例 Art. 22): only prepayments stop
    await redeem(m.owner, m.consumer, m.card.id, m.store.id, 1_000);
    const before = await balance(m.consumer, m.card.id);
    const topUpRefused = await t.http.post('/me/topups').set(bearer(m.consumer)).send({ cardId: m.card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: randomUUID() }).expect(409);
    expect(topUpRefused.body.code).toBe('MERCHANT_FROZEN');
    expect(await balance(m.consumer, m.card.id)).toEqual(before);
    // the merchant still sees its numbers while frozen
    await t.http.get('/merchant/dashboard').set(bearer(m.owner)).expect(200);

    await t.http.post(`/operator/merchants/${m.merchant.id}/unfreeze`).set(bearer(ops)).send({ reason: '核查无误，恢复服务' }).expect(201);
    await redeem(m.owner, m.consumer, m.card.id, m.store.id, 1_000);
    await topUp(m.consumer, m.card.id, 10_000, 'ALIPAY');

    const trail = (await t.http.get(`/operator/audit?targetType=merchant&targetId=${m.merchant.id}&limit=2`).set(bearer(ops)).expect(200)).body as AuditPage;
    expect(trail.items.map((e) => [e.action, e.detail])).toEqual([
      ['merchant.unfrozen', { reason: '核查无误，恢复服务', before: 'FROZEN', after: 'APPROVED' }],
      ['merchant.frozen', { reason: '涉嫌套现，暂停服务', before: 'APPROVED', after: 'FROZEN' }],
    ]);
    expect(trail.items.every((e) => e.actorType === 'operator' && e.actorId)).toBe(true);
    const rest = (await t.http.get(`/operator/audit?targetType=merchant&targetId=${m.merchant.id}&cursor=${trail.nextCursor}`).set(bearer(ops)).expect(200)).body as AuditPage;
    expect(rest.items.map((e) => e.action)).toEqual(['merchant.approved', 'merchant.kyc_submitted', 'merchant.register']);
    expect(rest.nextCursor).toBeNull();
  });

  it('should freeze one card by its number: no redemption, no top-up, balances shown; unfreeze restores', async () => {
    const m = await busyMerchant();
    const ops = await a.operator();
    const looked = (await t.http.get(`/operator/cards/${m.card.cardNo}`).set(bearer(ops)).expect(200)).body as OperatorCardView;
    expect(looked).toMatchObject({
      id: m.card.id,
      cardNo: m.card.cardNo,
      status: 'ACTIVE',
      merchant: { id: m.merchant.id, status: 'APPROVED' },
      balance: await balance(m.consumer, m.card.id),
    });
    expect((await t.http.get('/operator/cards/8800000000000000').set(bearer(ops)).expect(404)).body.code).toBe('CARD_NOT_FOUND');
    expect((await t.http.get('/operator/cards/12ab').set(bearer(ops)).expect(422)).body.code).toBe('VALIDATION_FAILED');

    const code = await memberCode(t, m.consumer, m.card.id); // shown before the freeze, scanned after it
    const frozen = (await t.http.post(`/operator/cards/${m.card.cardNo}/freeze`).set(bearer(ops)).send({ reason: '用户挂失' }).expect(201)).body as OperatorCardView;
    expect(frozen.status).toBe('FROZEN');
    const refused = await t.http.post('/merchant/redemptions').set(bearer(m.owner)).send({ code: code.numericCode, amountFen: 1_000, storeId: m.store.id, merchantOrderNo: unique('ORD') });
    expect([refused.status, refused.body.code]).toEqual([409, 'CARD_NOT_ACTIVE']);
    expect((await t.http.post(`/me/cards/${m.card.id}/member-code`).set(bearer(m.consumer)).expect(409)).body.code).toBe('CARD_NOT_ACTIVE');
    expect((await t.http.post('/me/topups').set(bearer(m.consumer)).send({ cardId: m.card.id, amountFen: 10_000, channel: 'ALIPAY', idempotencyKey: randomUUID() }).expect(409)).body.code).toBe('CARD_NOT_ACTIVE');
    expect((await t.http.post(`/operator/cards/${m.card.cardNo}/freeze`).set(bearer(ops)).send({ reason: '再次冻结' }).expect(409)).body.code).toBe('CARD_STATE_INVALID');

    await t.http.post(`/operator/cards/${m.card.cardNo}/unfreeze`).set(bearer(ops)).send({ reason: '用户找回卡片' }).expect(201);
    await redeem(m.owner, m.consumer, m.card.id, m.store.id, 1_000);

    const trail = (await t.http.get(`/operator/audit?targetType=card&targetId=${m.card.id}`).set(bearer(ops)).expect(200)).body as AuditPage;
    const freezes = trail.items.filter((e) => e.action === 'card.frozen' || e.action === 'card.unfrozen');
    expect(freezes.map((e) => [e.action, e.detail])).toEqual([
      ['card.unfrozen', { reason: '用户找回卡片', before: 'FROZEN', after: 'ACTIVE', cardNo: m.card.cardNo }],
      ['card.frozen', { reason: '用户挂失', before: 'ACTIVE', after: 'FROZEN', cardNo: m.card.cardNo }],
    ]);
  });
});
