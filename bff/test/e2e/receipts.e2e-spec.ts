import type { CardView, ReceiptSubscriptionsView, RedemptionView, RefundQuoteView, TokenPair } from '@jucard/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { ReceiptDeliveryJob } from '../../src/receipts/receipt-delivery.job';
import { ReceiptsRepository } from '../../src/receipts/receipts.repository';
import { actors, bearer, unique } from '../factories/actors';
import { claimCard, creditCard, memberCode, paidTopUp, sandboxControl } from '../factories/money';
import { phoneConsumer, randomPhone } from '../factories/phone-consumer';
import { expectLedgerSound, useTestApp } from '../support/app-hooks';
import { startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

const TOPUP_TEMPLATE = 'tmplJucardTopUpReceipt0001';
const BALANCE_TEMPLATE = 'tmplJucardBalanceReceipt01';
const TEMPLATES = { WECHAT_RECEIPT_TEMPLATE_TOPUP: TOPUP_TEMPLATE, WECHAT_RECEIPT_TEMPLATE_BALANCE: BALANCE_TEMPLATE };

interface SubscribeMessage {
  msgid: string;
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
}

describe('receipts to the consumer (e2e: outbox → WeChat subscribe message or SMS, read back from the sandbox)', () => {
  // the job runs only when a test says so (runOnce), so every send is accounted for
  const t = useTestApp({ ...TEMPLATES, MEMBER_CODE_ISSUE_PER_MINUTE: '100000' });
  const a = actors(t);
  const job = () => t.app.get(ReceiptDeliveryJob);
  const receipts = () => t.app.get(ReceiptsRepository);
  // runs the job until it has nothing left: the suite's earlier files leave a backlog of receipts ahead of a test's own
  const drain = async () => {
    for (let i = 0; i < 200 && (await job().runOnce()) > 0; i++);
  };

  afterEach(() => expectLedgerSound(t));

  const wechatMessages = async (openid: string) => (await sandboxControl<{ messages: SubscribeMessage[] }>(t, `wechat/subscribe-messages?openid=${openid}`)).messages;
  const smsTexts = async (phone: string) => (await sandboxControl<{ messages: Array<{ text: string }> }>(t, `sms?phone=${phone}`)).messages.map((m) => m.text);
  const balanceOf = async (consumer: TokenPair, cardId: string) => ((await t.http.get(`/me/cards/${cardId}`).set(bearer(consumer)).expect(200)).body as CardView).balance;

  async function consumerId(consumer: TokenPair): Promise<string> {
    return ((await t.http.get('/me').set(bearer(consumer)).expect(200)).body as { id: string }).id;
  }

  async function openidOf(consumer: TokenPair): Promise<string> {
    const [row] = await t.app.get(DataSource).query<Array<{ wechat_openid: string }>>('SELECT wechat_openid FROM consumers WHERE id = ?', [await consumerId(consumer)]);
    return row!.wechat_openid;
  }

  /** The consumer taps 允许 in wx.requestSubscribeMessage (the sandbox plays WeChat) and the mini-program tells the BFF. */
  async function subscribe(consumer: TokenPair, templateIds: string[], { tellWechat = true } = {}): Promise<ReceiptSubscriptionsView> {
    if (tellWechat) await sandboxControl(t, 'wechat/subscriptions', { openid: await openidOf(consumer), templateIds });
    return (await t.http.post('/me/receipt-subscriptions').set(bearer(consumer)).send({ acceptedTemplateIds: templateIds }).expect(200)).body as ReceiptSubscriptionsView;
  }

  async function sale(owner: TokenPair, consumer: TokenPair, cardId: string, storeId: string, amountFen: number): Promise<RedemptionView> {
    const code = await memberCode(t, consumer, cardId);
    return (await t.http.post('/merchant/redemptions').set(bearer(owner)).send({ code: code.numericCode, amountFen, storeId, merchantOrderNo: unique('ORD') }).expect(201)).body as RedemptionView;
  }

  it('should send a subscribed WeChat member one subscribe message per top-up, sale and reversal, with amount, store, time and balance after', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const openid = await openidOf(consumer);
    const card = await claimCard(t, consumer, m.product.claimToken);
    for (let i = 0; i < 2; i++) await subscribe(consumer, [TOPUP_TEMPLATE, BALANCE_TEMPLATE]);

    await paidTopUp(t, consumer, card.id, 10_000);
    const afterTopUp = await balanceOf(consumer, card.id);
    const sold = await sale(m.owner, consumer, card.id, m.store.id, 3_000);
    await t.http.post(`/merchant/redemptions/${sold.redemptionId}/reversals`).set(bearer(m.owner)).send({ amountFen: 1_000, reversalNo: unique('RV') }).expect(201);
    const afterReversal = await balanceOf(consumer, card.id);
    await drain();

    const sent = (await wechatMessages(openid)).reverse();
    expect(sent.map((s) => s.templateId)).toEqual([TOPUP_TEMPLATE, BALANCE_TEMPLATE, BALANCE_TEMPLATE]);
    const [topUp, charge, reversal] = sent.map((s) => s.data);
    expect(topUp).toMatchObject({ thing1: { value: '测试商户会员卡' }, amount2: { value: '¥100.00' }, amount3: { value: '¥0.00' }, amount4: { value: `¥${(afterTopUp.totalFen / 100).toFixed(2)}` } });
    expect(charge).toMatchObject({ thing1: { value: '一号店' }, phrase2: { value: '消费' }, amount3: { value: '¥30.00' }, amount4: { value: `¥${(sold.balanceAfter.totalFen / 100).toFixed(2)}` } });
    expect(reversal).toMatchObject({ thing1: { value: '一号店' }, phrase2: { value: '撤销退回' }, amount3: { value: '¥10.00' }, amount4: { value: `¥${(afterReversal.totalFen / 100).toFixed(2)}` } });
    for (const data of [topUp, charge, reversal]) expect(data!.time5!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    expect(sent.every((s) => s.page === 'pages/cards/index')).toBe(true);

    const log = await receipts().receiptsOfCard(card.id);
    expect(log.map((r) => [r.eventType, r.status, r.channel])).toEqual([
      ['card.topped_up', 'SENT', 'WECHAT'],
      ['card.redeemed', 'SENT', 'WECHAT'],
      ['card.reversed', 'SENT', 'WECHAT'],
    ]);
    // one subscription per receipt: one top-up of two, two balance changes of two
    const view = (await t.http.get('/me/receipt-subscriptions').set(bearer(consumer)).expect(200)).body as ReceiptSubscriptionsView;
    expect(view).toEqual({ templates: { TOPUP: TOPUP_TEMPLATE, BALANCE_CHANGE: BALANCE_TEMPLATE }, remaining: { [TOPUP_TEMPLATE]: 1, [BALANCE_TEMPLATE]: 0 } });

    await drain();
    expect(await wechatMessages(openid)).toHaveLength(3);
  });

  it('should text a member without a subscription (H5) the sale with store and balance after', async () => {
    const m = await a.approvedMerchant();
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 20_000);
    const sold = await sale(m.owner, consumer, card.id, m.store.id, 4_550);
    await drain();

    const texts = (await smsTexts(phone)).filter((text) => text.includes('会员卡'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(new RegExp(`^您的测试商户会员卡于\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}在一号店消费¥45\\.50，卡内余额¥${(sold.balanceAfter.totalFen / 100).toFixed(2).replace('.', '\\.')}。$`));
    expect(sold.balanceAfter.totalFen).toBe(15_450);
    const [row] = await receipts().receiptsOfCard(card.id);
    expect(row).toMatchObject({ status: 'SENT', channel: 'SMS', wechatErrcode: null });
  });

  it('should text a member who gives the card back (退卡) the refund with what goes back, how, and the balance after', async () => {
    const m = await a.approvedMerchant();
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const card = await claimCard(t, consumer, m.product.claimToken);
    await paidTopUp(t, consumer, card.id, 10_000);
    await sale(m.owner, consumer, card.id, m.store.id, 3_000);
    const quote = (await t.http.get(`/me/cards/${card.id}/refund-quote`).set(bearer(consumer)).expect(200)).body as RefundQuoteView;
    expect(quote.refundFen).toBe(7_000);
    await t.http.post(`/me/cards/${card.id}/refunds`).set(bearer(consumer)).send({ idempotencyKey: randomUUID(), quotedRefundFen: 7_000 }).expect(201);
    await drain();

    const texts = (await smsTexts(phone)).filter((text) => text.includes('退款'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^您的测试商户会员卡于\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}在测试商户（线上）退款¥70\.00（原路退回），卡内余额¥0\.00。$/);
    const rows = await receipts().receiptsOfCard(card.id);
    expect(rows.filter((r) => r.eventType === 'card.refunded')).toMatchObject([{ status: 'SENT', channel: 'SMS' }]);
  });

  it('should fall back to SMS when WeChat answers 43101 (the member turned the subscription off in WeChat)', async () => {
    const m = await a.approvedMerchant();
    const consumer = await a.consumer();
    const openid = await openidOf(consumer);
    const phone = randomPhone();
    // a WeChat member who also gave a phone number (arranged directly: the mini-program's phone binding is not part of this)
    await t.app.get(DataSource).query('UPDATE consumers SET phone = ? WHERE id = ?', [phone, await consumerId(consumer)]);
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 10_000);
    await subscribe(consumer, [BALANCE_TEMPLATE], { tellWechat: false });
    await sale(m.owner, consumer, card.id, m.store.id, 2_000);
    await drain();

    expect(await wechatMessages(openid)).toEqual([]);
    const texts = (await smsTexts(phone)).filter((text) => text.includes('会员卡'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('在一号店消费¥20.00，卡内余额¥80.00。');
    const [row] = await receipts().receiptsOfCard(card.id);
    expect(row).toMatchObject({ status: 'SENT', channel: 'SMS', wechatErrcode: '43101' });
  });

  it('should never send a receipt twice: not by two instances at once, not after a run died between sending and recording', async () => {
    const m = await a.approvedMerchant();
    const phone = randomPhone();
    const consumer = await phoneConsumer(t, phone);
    const card = await claimCard(t, consumer, m.product.claimToken);
    await creditCard(t, card.id, 30_000);
    for (const amountFen of [1_000, 2_000, 3_000]) await sale(m.owner, consumer, card.id, m.store.id, amountFen);

    // a second instance where there are several (MariaDB); the embedded SQLite profile is one process by design
    const other = process.env.DATABASE_URL ? await startTestApp({ ...TEMPLATES }) : null;
    const otherJob = () => (other ? other.app.get(ReceiptDeliveryJob).runOnce() : job().runOnce());
    try {
      await Promise.all([job().runOnce(), otherJob(), job().runOnce()]);
      await Promise.all([job().runOnce(), otherJob()]);
      await drain();
    } finally {
      await other?.close();
    }
    expect((await smsTexts(phone)).filter((text) => text.includes('会员卡'))).toHaveLength(3);
    expect((await receipts().receiptsOfCard(card.id)).map((r) => r.status)).toEqual(['SENT', 'SENT', 'SENT']);

    // a run records the attempt (SENDING) before the send, then dies before recording how it went
    await sale(m.owner, consumer, card.id, m.store.id, 4_000);
    const [message] = await t.app.get(DataSource).query<Array<{ id: string; seq: string }>>("SELECT id, seq FROM webhook_messages WHERE event_type = 'card.redeemed' ORDER BY seq DESC LIMIT 1");
    await t.app.get(TransactionRunner).run(async (em) => {
      await receipts().insertReceipts(em, [{ messageId: message!.id, messageSeq: Number(message!.seq), eventType: 'card.redeemed', cardId: card.id }], new Date());
      const [row] = await em.query<Array<{ id: number }>>('SELECT id FROM receipts WHERE message_id = ?', [message!.id]);
      await receipts().markSending(em, Number(row!.id), { status: 'PENDING' }, { consumerId: await consumerId(consumer), channel: 'SMS', templateId: null, content: '{}' }, new Date());
    });
    await drain();
    await job().runOnce();
    expect((await smsTexts(phone)).filter((text) => text.includes('会员卡'))).toHaveLength(3);
    expect(await receipts().receiptOfMessage(message!.id)).toMatchObject({ status: 'UNKNOWN', channel: 'SMS' });
  });

  it('should refuse a template id that is not a receipt template, and change nothing', async () => {
    const consumer = await a.consumer();
    const res = await t.http.post('/me/receipt-subscriptions').set(bearer(consumer)).send({ acceptedTemplateIds: ['tmplSomethingElse'] }).expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(((await t.http.get('/me/receipt-subscriptions').set(bearer(consumer)).expect(200)).body as ReceiptSubscriptionsView).remaining).toEqual({});
    await t.http.post('/me/receipt-subscriptions').send({ acceptedTemplateIds: [TOPUP_TEMPLATE] }).expect(401);
  });
});
