import { createPublicKey, createVerify, randomInt } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CHANNELS,
  ChannelUnavailableError,
  NotificationRejectedError,
  type Channel,
  type ChannelEvent,
  type PaymentChannel,
  type PrepayInput,
  type RawNotification,
} from '../../src/payments/channel.port';
import { ChannelRejectedError } from '../../src/payments/providers/channel-errors';
import { createPaymentChannels } from '../../src/payments/providers/channel-config';
import { chinaDate } from '../../src/payments/providers/china-time';
import { InMemoryUnionpayTxnLog } from '../../src/payments/providers/unionpay.channel';
import { WechatpayChannel } from '../../src/payments/providers/wechatpay.channel';
import { startSandboxWithFreshKeys, type SandboxWithKeys } from '../support/sandbox-credentials';

jest.setTimeout(30_000);

/** The sandbox names channels in lower case. */
const SANDBOX_NAME: Record<Channel, string> = { WECHATPAY: 'wechatpay', ALIPAY: 'alipay', UNIONPAY: 'unionpay' };
const RETURN_URL = 'https://jucard.example/app/#/pages/topup-result/index?orderId=42';

interface Received {
  channel: Channel;
  notification: RawNotification;
  event: ChannelEvent | null;
  error: unknown;
}

/**
 * Each adapter against the channel sandbox with real keys, signatures, AES-GCM and the channels' own
 * notification formats: nothing is stubbed. A local listener plays the BFF's notify endpoint: it parses with
 * the adapter and answers with the adapter's acknowledgement, so the sandbox also judges our answers.
 */
describe('payment channel adapters against the channel sandbox', () => {
  let sandbox: SandboxWithKeys;
  let channels: Record<Channel, PaymentChannel>;
  let listener: Server;
  let notifyBase: string;
  const unionpayTxnLog = new InMemoryUnionpayTxnLog();
  const received: Received[] = [];

  beforeAll(async () => {
    sandbox = await startSandboxWithFreshKeys();
    channels = createPaymentChannels({ baseUrl: sandbox.url, credentials: sandbox.credentials, unionpayTxnLog });
    listener = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const channel = (Object.keys(SANDBOX_NAME) as Channel[]).find((c) => req.url === `/notify/${SANDBOX_NAME[c]}`);
        if (!channel) {
          res.writeHead(404).end();
          return;
        }
        const adapter = channels[channel];
        const notification: RawNotification = { headers: req.headers, rawBody: Buffer.concat(chunks) };
        adapter.parseNotification(notification).then(
          (event) => answer({ channel, notification, event, error: null }),
          (error: unknown) => answer({ channel, notification, event: null, error }),
        );
        function answer(entry: Received) {
          received.push(entry);
          const ack = adapter.acknowledge(entry.event !== null);
          res.writeHead(ack.status, { 'content-type': ack.contentType }).end(ack.body);
        }
      });
    });
    await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
    notifyBase = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/notify`;
  });

  afterEach(async () => {
    await sandbox.control('POST', 'reset'); // orders, notifications, faults
  });

  afterAll(async () => {
    await new Promise((done) => listener.close(done));
    await sandbox?.stop();
  });

  const newNo = (prefix: string) => `${prefix}${Date.now()}${String(randomInt(1_000_000)).padStart(6, '0')}`;
  const notifyUrl = (channel: Channel) => `${notifyBase}/${SANDBOX_NAME[channel]}`;
  const prepayInput = (channel: Channel, outTradeNo: string, overrides: Partial<PrepayInput> = {}): PrepayInput => ({
    outTradeNo,
    amountFen: 1234,
    description: '莲花健身储值卡充值',
    notifyUrl: notifyUrl(channel),
    returnUrl: RETURN_URL,
    payerOpenid: 'o_sandbox_test_openid_00000000',
    expiresAt: new Date(Date.now() + 15 * 60_000),
    ...overrides,
  });

  async function eventually<T>(what: string, find: () => T | undefined, timeoutMs = 8_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const errors = received.filter((r) => r.error).map((r) => `${r.channel}: ${String(r.error)}`);
        throw new Error(`timed out waiting for ${what}; notifications refused so far: ${errors.join('; ') || 'none'}`);
      }
      await new Promise((done) => setTimeout(done, 25));
    }
  }

  const eventFor = (channel: Channel, outTradeNo: string, kind: ChannelEvent['kind']) =>
    eventually(`${channel} ${kind} notification for ${outTradeNo}`, () =>
      received.find((r) => r.channel === channel && r.event?.kind === kind && r.event.outTradeNo === outTradeNo),
    );

  /** Prepay, pay at the sandbox, and wait for the (verified) payment notification. */
  async function paidOrder(channel: Channel) {
    const outTradeNo = newNo('JC');
    await channels[channel].prepay(prepayInput(channel, outTradeNo));
    await sandbox.control('POST', `orders/${SANDBOX_NAME[channel]}/${outTradeNo}/pay`);
    const delivered = await eventFor(channel, outTradeNo, 'PAYMENT');
    return { outTradeNo, delivered };
  }

  describe.each(CHANNELS)('%s', (channel) => {
    it('should prepay, parse the payment notification, query it paid, refund it and find both in the bill', async () => {
      const sut = channels[channel];
      const outTradeNo = newNo('JC');

      const prepay = await sut.prepay(prepayInput(channel, outTradeNo));
      expect(prepay.channelReference).not.toBe('');
      // Alipay's page pay also takes quit_url, where a payer who backs out is sent
      const quit = channel === 'ALIPAY' ? `&quit_url=${encodeURIComponent(`${RETURN_URL}&cancelled=1`)}` : '';
      expect(prepay.cashierUrl).toBe(`${sandbox.url}/cashier/${SANDBOX_NAME[channel]}/${outTradeNo}?return_url=${encodeURIComponent(RETURN_URL)}${quit}`);
      expect(await sut.query(outTradeNo)).toEqual({ kind: 'NOT_PAID' });

      await sandbox.control('POST', `orders/${SANDBOX_NAME[channel]}/${outTradeNo}/pay`);
      const { event } = await eventFor(channel, outTradeNo, 'PAYMENT');
      expect(event).toEqual({
        kind: 'PAYMENT',
        outTradeNo,
        state: { kind: 'PAID', channelTradeNo: expect.any(String), amountFen: 1234, paidAt: expect.any(Date) },
        merchantRef: sut.merchantRef,
        appRef: sut.appRef,
      });
      const paid = event?.kind === 'PAYMENT' && event.state.kind === 'PAID' ? event.state : null;
      expect(Math.abs((paid?.paidAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(await sut.query(outTradeNo)).toEqual(paid);
      // The sandbox took our answer as an acknowledgement in the channel's own format.
      const { notifications } = await sandbox.control<{ notifications: Array<{ state: string }> }>(
        'GET',
        `notifications?channel=${SANDBOX_NAME[channel]}&out_trade_no=${outTradeNo}`,
      );
      expect(notifications.map((n) => n.state)).toEqual(['delivered']);

      const outRefundNo = newNo('RF');
      const refund = await sut.refund({ outTradeNo, outRefundNo, refundFen: 234, totalFen: 1234, reason: '会员退卡', notifyUrl: notifyUrl(channel) });
      if (refund.kind === 'PROCESSING') {
        // WeChat and UnionPay refund asynchronously; settle it now instead of waiting for channel time.
        await sandbox.control('POST', `refunds/${SANDBOX_NAME[channel]}/${outRefundNo}/succeed`);
      } else {
        expect(refund).toEqual({ kind: 'SUCCEEDED', channelRefundNo: expect.any(String) });
      }
      expect(await sut.queryRefund(outRefundNo, outTradeNo)).toEqual({ kind: 'SUCCEEDED', channelRefundNo: expect.any(String) });
      const refunded = await eventFor(channel, outTradeNo, 'REFUND');
      expect(refunded.event).toEqual({
        kind: 'REFUND',
        outTradeNo,
        outRefundNo,
        state: { kind: 'SUCCEEDED', channelRefundNo: expect.any(String) },
        merchantRef: sut.merchantRef,
      });
      expect((await sut.query(outTradeNo)).kind).toBe('PAID'); // partly refunded is still paid

      const bill = await sut.downloadBill(chinaDate(new Date()));
      expect(bill).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'PAYMENT', outTradeNo, channelTradeNo: paid?.channelTradeNo, amountFen: 1234, outRefundNo: null }),
          expect.objectContaining({ kind: 'REFUND', outTradeNo, outRefundNo, amountFen: 234 }),
        ]),
      );
    });

    it('should refuse a notification whose body was changed after signing', async () => {
      const { delivered } = await paidOrder(channel);
      const tampered = tamper(channel, delivered.notification.rawBody);

      const result = channels[channel].parseNotification({ headers: delivered.notification.headers, rawBody: tampered });

      await expect(result).rejects.toBeInstanceOf(NotificationRejectedError);
      await expect(result).rejects.toMatchObject({ reason: 'SIGNATURE_INVALID' });
    });

    it('should close an unpaid order, and report PAID when closing one already paid', async () => {
      const sut = channels[channel];
      const unpaid = newNo('JC');
      await sut.prepay(prepayInput(channel, unpaid));
      expect(await sut.close(unpaid)).toEqual({ kind: 'CLOSED' });

      const { outTradeNo } = await paidOrder(channel);
      expect(await sut.close(outTradeNo)).toMatchObject({ kind: 'PAID', amountFen: 1234 });
    });

    it('should refuse to prepay an order number already paid, with the channel code', async () => {
      const { outTradeNo } = await paidOrder(channel);
      const again = channels[channel].prepay(prepayInput(channel, outTradeNo));
      await expect(again).rejects.toBeInstanceOf(ChannelRejectedError);
      await expect(again).rejects.toMatchObject({ channelCode: { WECHATPAY: 'ORDERPAID', ALIPAY: 'ACQ.TRADE_HAS_SUCCESS', UNIONPAY: '12' }[channel] });
    });

    it('should report a refund above what is refundable as FAILED', async () => {
      const { outTradeNo } = await paidOrder(channel);
      const refund = await channels[channel].refund({
        outTradeNo, outRefundNo: newNo('RF'), refundFen: 99_999, totalFen: 1234, reason: '', notifyUrl: notifyUrl(channel),
      });
      expect(refund.kind).toBe('FAILED');
    });

    it.each([
      ['refuses connections', { down: 'refuse' }],
      ['answers 503', { errorStatus: 503 }],
      ['resets the socket', { down: 'reset' }],
    ])('should throw ChannelUnavailableError when the channel %s', async (_label, fault) => {
      const sut = channels[channel];
      const outTradeNo = newNo('JC');
      await sut.prepay(prepayInput(channel, outTradeNo)); // UnionPay can only query what it has a txnTime for
      await sandbox.control('POST', `faults/${SANDBOX_NAME[channel]}`, fault);

      await expect(sut.prepay(prepayInput(channel, newNo('JC')))).rejects.toBeInstanceOf(ChannelUnavailableError);
      await expect(sut.query(outTradeNo)).rejects.toBeInstanceOf(ChannelUnavailableError);

      await sandbox.control('DELETE', `faults/${SANDBOX_NAME[channel]}`);
      expect(await sut.query(outTradeNo)).toEqual({ kind: 'NOT_PAID' });
    });

    it('should throw ChannelUnavailableError when the channel answers after the timeout', async () => {
      const impatient = createPaymentChannels({ baseUrl: sandbox.url, credentials: sandbox.credentials, unionpayTxnLog, timeoutMs: 300 })[channel];
      const outTradeNo = newNo('JC');
      await channels[channel].prepay(prepayInput(channel, outTradeNo));
      await sandbox.control('POST', `faults/${SANDBOX_NAME[channel]}`, { timeoutMs: 1_500, apiCount: 1 });

      await expect(impatient.query(outTradeNo)).rejects.toBeInstanceOf(ChannelUnavailableError);
    });
  });

  it.each([
    ['WECHATPAY', { kind: 'NOT_PAID' }], // ORDER_NOT_EXIST
    ['ALIPAY', { kind: 'NOT_PAID' }], // ACQ.TRADE_NOT_EXIST
    ['UNIONPAY', { kind: 'UNKNOWN', reason: expect.stringContaining('txnTime') }], // cannot even ask without the txnTime
  ] as const)('should answer a query for an order %s never saw', async (channel, expected) => {
    expect(await channels[channel].query(newNo('JC'))).toEqual(expected);
  });

  describe('WeChat Pay specifics', () => {
    it('should sign the wx.requestPayment parameters with the merchant key', async () => {
      const { appid, privateKeyPem } = sandbox.credentials.wechatpay;
      const prepay = await channels.WECHATPAY.prepay(prepayInput('WECHATPAY', newNo('JC')));
      const params = prepay.miniProgramPayParams ?? {};

      expect(params).toEqual({
        appId: appid, timeStamp: expect.stringMatching(/^\d{10}$/), nonceStr: expect.stringMatching(/^\w{32}$/),
        package: `prepay_id=${prepay.channelReference}`, signType: 'RSA', paySign: expect.any(String),
      });
      const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
      expect(createVerify('RSA-SHA256').update(message).verify(createPublicKey(privateKeyPem), params.paySign ?? '', 'base64')).toBe(true);
    });

    it('should use the H5 API when there is no openid', async () => {
      const outTradeNo = newNo('JC');
      const prepay = await channels.WECHATPAY.prepay(prepayInput('WECHATPAY', outTradeNo, { payerOpenid: null }));
      expect(prepay.miniProgramPayParams).toBeNull();
      expect(prepay.cashierUrl).toContain(`/cashier/wechatpay/${outTradeNo}?prepay_id=${prepay.channelReference}&redirect_url=${encodeURIComponent(RETURN_URL)}`);
    });

    it('should refuse a SIGNTEST probe, and the sandbox should see it refused', async () => {
      const before = received.length;
      const probe = await sandbox.control<{ passed: boolean; attempt: { status: number } }>('POST', 'wechatpay/signtest', { notify_url: notifyUrl('WECHATPAY') });

      expect(probe).toMatchObject({ passed: true, attempt: { status: 400 } });
      expect(received.slice(before).map((r) => r.error)).toEqual([expect.objectContaining({ reason: 'SIGNATURE_PROBE' })]);
    });

    it('should refuse a notification signed under another serial', async () => {
      const { delivered } = await paidOrder('WECHATPAY');
      const headers: IncomingHttpHeaders = { ...delivered.notification.headers, 'wechatpay-serial': 'PUB_KEY_ID_0000000000' };
      await expect(channels.WECHATPAY.parseNotification({ headers, rawBody: delivered.notification.rawBody })).rejects.toMatchObject({
        reason: 'SIGNATURE_INVALID',
      });
    });

    it('should refuse a genuine notification more than 5 minutes old', async () => {
      const { delivered } = await paidOrder('WECHATPAY');
      const later = new WechatpayChannel({ baseUrl: sandbox.url, credentials: sandbox.credentials.wechatpay, now: () => new Date(Date.now() + 6 * 60_000) });
      await expect(later.parseNotification(delivered.notification)).rejects.toMatchObject({ reason: 'STALE' });
    });

    it('should refuse a resource it cannot decrypt with its APIv3 key', async () => {
      const { delivered } = await paidOrder('WECHATPAY');
      const wrongKey = new WechatpayChannel({ baseUrl: sandbox.url, credentials: { ...sandbox.credentials.wechatpay, apiV3Key: 'x'.repeat(32) } });
      await expect(wrongKey.parseNotification(delivered.notification)).rejects.toMatchObject({ reason: 'DECRYPTION_FAILED' });
    });
  });

  it('should refuse a UnionPay notification carrying another certId', async () => {
    const { delivered } = await paidOrder('UNIONPAY');
    const form = new URLSearchParams(delivered.notification.rawBody.toString('utf8'));
    form.set('certId', '00000000000');
    await expect(channels.UNIONPAY.parseNotification({ headers: {}, rawBody: Buffer.from(form.toString()) })).rejects.toMatchObject({
      reason: 'SIGNATURE_INVALID',
    });
  });

  it.each([
    ['WECHATPAY', true, { status: 204, body: '' }],
    ['WECHATPAY', false, { status: 400, body: '{"code":"FAIL","message":"失败"}' }],
    ['ALIPAY', true, { status: 200, body: 'success' }],
    ['ALIPAY', false, { status: 200, body: 'fail' }],
    ['UNIONPAY', true, { status: 200, body: 'ok' }],
    ['UNIONPAY', false, { status: 400, body: 'fail' }],
  ] as const)('should acknowledge %s (accepted: %s) in the channel format', (channel, accepted, expected) => {
    expect(channels[channel].acknowledge(accepted)).toMatchObject(expected);
  });
});

/** Changes what matters (the amount, or the ciphertext holding it) and keeps the original signature. */
function tamper(channel: Channel, rawBody: Buffer): Buffer {
  const text = rawBody.toString('utf8');
  switch (channel) {
    case 'WECHATPAY': {
      const body = JSON.parse(text) as { resource: { ciphertext: string } };
      const c = body.resource.ciphertext;
      body.resource.ciphertext = `${c[0] === 'A' ? 'B' : 'A'}${c.slice(1)}`;
      return Buffer.from(JSON.stringify(body));
    }
    case 'ALIPAY': {
      const form = new URLSearchParams(text);
      form.set('total_amount', '9999.00');
      return Buffer.from(form.toString());
    }
    case 'UNIONPAY': {
      const form = new URLSearchParams(text);
      form.set('txnAmt', '999900');
      return Buffer.from(form.toString());
    }
  }
}
