import { renderReceipt, wechatTime, type ReceiptFacts } from './receipt-content';

const facts = (overrides: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  kind: 'REDEMPTION',
  amountFen: 3_050,
  bonusFen: 0,
  merchantName: '绿洲咖啡',
  storeName: '徐汇店',
  occurredAt: new Date('2026-12-03T06:05:09Z'),
  balanceAfter: { principalFen: 40_000, bonusFen: 2_000, totalFen: 42_000, points: 30 },
  ...overrides,
});

describe('renderReceipt', () => {
  it('should put a sale in the 余额变动提醒 keywords with the store, the amount and the balance after', () => {
    const sut = renderReceipt(facts());
    expect(sut.purpose).toBe('BALANCE_CHANGE');
    expect(sut.wechat).toEqual({
      thing1: { value: '徐汇店' },
      phrase2: { value: '消费' },
      amount3: { value: '¥30.50' },
      amount4: { value: '¥420.00' },
      time5: { value: '2026年12月3日 14:05' },
    });
    expect(sut.sms.text).toBe('您的绿洲咖啡会员卡于2026年12月3日 14:05在徐汇店消费¥30.50，卡内余额¥420.00。');
    expect(sut.sms.templateParams).toEqual(['消费', '¥30.50', '徐汇店', '2026年12月3日 14:05', '¥420.00']);
  });

  it('should put a top-up in the 充值成功提醒 keywords, online, with its gift', () => {
    const sut = renderReceipt(facts({ kind: 'TOPUP', amountFen: 50_000, bonusFen: 5_000, storeName: null }));
    expect(sut.purpose).toBe('TOPUP');
    expect(sut.wechat).toMatchObject({ thing1: { value: '绿洲咖啡会员卡' }, amount2: { value: '¥500.00' }, amount3: { value: '¥50.00' } });
    expect(sut.sms.text).toBe('您的绿洲咖啡会员卡于2026年12月3日 14:05在绿洲咖啡（线上）充值¥500.00（赠送¥50.00），卡内余额¥420.00。');
  });

  it('should put a 退卡 refund in the 余额变动提醒 keywords with what goes back, the gift not refunded and the balance after', () => {
    const sut = renderReceipt(facts({ kind: 'REFUND', amountFen: 30_450, bonusForfeitedFen: 10_150, storeName: null, balanceAfter: { principalFen: 0, bonusFen: 0, totalFen: 0, points: 30 } }));
    expect(sut.purpose).toBe('BALANCE_CHANGE');
    expect(sut.wechat).toMatchObject({ thing1: { value: '绿洲咖啡（线上）' }, phrase2: { value: '退款' }, amount3: { value: '¥304.50' }, amount4: { value: '¥0.00' } });
    expect(sut.sms.text).toBe('您的绿洲咖啡会员卡于2026年12月3日 14:05在绿洲咖啡（线上）退款¥304.50（原路退回，赠送余额¥101.50不退），卡内余额¥0.00。');
  });

  it('should cut a store name beyond the 20 characters a thing keyword holds', () => {
    const sut = renderReceipt(facts({ kind: 'REVERSAL', storeName: '上海市徐汇区漕溪北路八十八号圣爱广场一楼东侧店' }));
    expect([...sut.wechat.thing1!.value]).toHaveLength(20);
    expect(sut.wechat.thing1!.value.endsWith('…')).toBe(true);
    expect(sut.wechat.phrase2).toEqual({ value: '撤销退回' });
  });

  it.each([
    ['2026-12-31T16:00:00Z', '2027年1月1日 00:00'],
    ['2026-06-01T03:07:00Z', '2026年6月1日 11:07'],
  ])('should write %s in Shanghai time as %s', (instant, text) => {
    expect(wechatTime(new Date(instant))).toBe(text);
  });
});
