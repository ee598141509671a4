import type { CardView, TokenPair, TopUpView } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actors, bearer } from '../factories/actors';
import { claimCard } from '../factories/money';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { loadWechatpayKeys, paymentNotification } from '../../../scripts/bench/lib/wechatpay-notify.mjs';

// Notifications that arrive together share a crediting transaction on MariaDB (group commit); on SQLite each has its
// own. Either way: every distinct payment credited once, every copy of one payment a no-op answered 204.
describe('payment notifications arriving together (e2e, genuine WeChat Pay notifications)', () => {
  const t = useTestApp({ PAYMENT_POLL_INTERVAL_MS: '0' }); // only the notifications below may credit a card
  const a = actors(t);
  const outTradeNoOf = (view: TopUpView) => new URL(view.cashierUrl!).pathname.split('/').pop()!;

  afterEach(() => expectLedgerSound(t));

  async function ordersOnCards(cards: number, perCard: number): Promise<Array<{ consumer: TokenPair; card: CardView; order: TopUpView }>> {
    const m = await a.approvedMerchant();
    const opened = [];
    for (let c = 0; c < cards; c++) {
      const consumer = await a.consumer();
      const card = await claimCard(t, consumer, m.product.claimToken);
      for (let i = 0; i < perCard; i++) {
        const body = { cardId: card.id, amountFen: 10_000, channel: 'WECHATPAY', idempotencyKey: randomUUID() };
        const order = (await t.http.post('/me/topups').set(bearer(consumer)).send(body).expect(201)).body as TopUpView;
        opened.push({ consumer, card, order });
      }
    }
    return opened;
  }

  const send = (n: { body: string; headers: Record<string, string> }) => t.http.post('/payments/notify/wechatpay').set(n.headers).send(n.body);

  it('should credit each of a batch of distinct orders once and every copy of one order once', async () => {
    const opened = await ordersOnCards(2, 6);
    const keys = loadWechatpayKeys(process.env.SANDBOX_DATA_DIR!);
    const once = opened.map(({ order }) => paymentNotification(keys, { outTradeNo: outTradeNoOf(order), amountFen: 10_000 }));
    const repeated = once[0]!;
    // all at once: the distinct ones and four more copies of the first, byte for byte (as WeChat retries)
    const answers = await Promise.all([...once, repeated, repeated, repeated, repeated].map(send));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: once.length + 4 }, () => 204));

    const ds = t.app.get(DataSource);
    const rows: Array<{ out_trade_no: string; outcome: string; n: number | string }> = await ds.query(
      `SELECT out_trade_no, outcome, COUNT(*) AS n FROM payment_notifications WHERE out_trade_no IN (${once.map(() => '?').join(', ')}) GROUP BY out_trade_no, outcome`,
      once.map((n) => n.outTradeNo),
    );
    const counted = new Map(rows.map((r) => [`${r.out_trade_no} ${r.outcome}`, Number(r.n)]));
    for (const n of once) expect(counted.get(`${n.outTradeNo} CREDITED`)).toBe(1);
    expect(counted.get(`${repeated.outTradeNo} ALREADY_CREDITED`)).toBe(4);
    expect(rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(once.length + 4);

    for (const { consumer, card } of [opened[0]!, opened[6]!]) {
      const mine = opened.filter((o) => o.card.id === card.id).map((o) => o.order);
      const view = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
      expect(view.balance.principalFen).toBe(mine.length * 10_000);
      expect(view.balance.bonusFen).toBe(mine.reduce((sum, o) => sum + o.bonusFen, 0));
    }
    const paid: Array<{ status: string }> = await ds.query(`SELECT status FROM topup_orders WHERE id IN (${opened.map(() => '?').join(', ')})`, opened.map((o) => o.order.orderId));
    expect(paid.map((o) => o.status)).toEqual(opened.map(() => 'PAID'));
  });

  it('should refuse a wrong amount sent together with genuine ones, crediting only the genuine ones', async () => {
    const opened = await ordersOnCards(1, 3);
    const keys = loadWechatpayKeys(process.env.SANDBOX_DATA_DIR!);
    const [wrong, ...right] = opened.map(({ order }, i) => paymentNotification(keys, { outTradeNo: outTradeNoOf(order), amountFen: i === 0 ? 100 : 10_000 }));
    const answers = await Promise.all([wrong!, ...right].map(send));
    expect(answers.map((r) => r.status >= 400)).toEqual([true, false, false]);
    const { consumer, card } = opened[0]!;
    const view = (await t.http.get(`/me/cards/${card.id}`).set(bearer(consumer)).expect(200)).body as CardView;
    expect(view.balance.principalFen).toBe(20_000);
    const [row] = await t.app.get(DataSource).query('SELECT outcome FROM payment_notifications WHERE out_trade_no = ?', [wrong!.outTradeNo]);
    expect(row.outcome).toBe('AMOUNT_MISMATCH');
  });
});
