import { billColumns } from './bill-columns';

describe('billColumns', () => {
  it('should find each named column wherever the header puts it', () => {
    const header = ['交易时间', '商户订单号', '微信订单号'];
    expect(billColumns('WeChat bill', header, { outTradeNo: '商户订单号', time: '交易时间' })).toEqual({ outTradeNo: 1, time: 0 });
  });

  it('should refuse a header that lacks a column, naming the bill and the column', () => {
    expect(() => billColumns('Alipay bill', ['商户订单号'], { outTradeNo: '商户订单号', tradeNo: '支付宝交易号' })).toThrow(
      'Alipay bill: no "支付宝交易号" column in the header',
    );
  });
});
