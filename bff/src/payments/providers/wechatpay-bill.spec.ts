import { parseWechatTradeBill } from './wechatpay-bill';

const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const tick = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');

describe('parseWechatTradeBill', () => {
  it('should read payments and refunds, yuan to fen, Beijing time, commas inside a product name', () => {
    const bill = [
      HEADER,
      tick(['2026-01-01 00:30:05', 'wx1', '1900000109', '0', '', '4200000001', 'JC1', 'o1', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', '100.29', '0.00', '0', '0', '0.00', '0.00', '', '', '储值卡,充值', '', '0.60174', '0.60%', '100.29', '0.00', '']),
      tick(['2026-01-01 01:00:00', 'wx1', '1900000109', '0', '', '4200000001', 'JC1', 'o1', 'JSAPI', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', '503001', 'RF1', '20.10', '0.00', 'ORIGINAL', 'SUCCESS', '储值卡,充值', '', '-0.12060', '0.60%', '0.00', '20.10', '']),
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      tick(['2', '100.29', '20.10', '0.00', '0.48114', '100.29', '20.10']),
      '',
    ].join('\r\n');

    const sut = parseWechatTradeBill(`\uFEFF${bill}`);

    expect(sut).toEqual([
      { kind: 'PAYMENT', outTradeNo: 'JC1', channelTradeNo: '4200000001', outRefundNo: null, amountFen: 10029, status: 'SUCCESS', occurredAt: new Date('2025-12-31T16:30:05Z') },
      { kind: 'REFUND', outTradeNo: 'JC1', channelTradeNo: '4200000001', outRefundNo: 'RF1', amountFen: 2010, status: 'SUCCESS', occurredAt: new Date('2025-12-31T17:00:00Z') },
    ]);
  });

  it('should read a bill without detail rows as empty', () => {
    expect(parseWechatTradeBill(`${HEADER}\r\n总交易单数\r\n\`0\r\n`)).toEqual([]);
  });

  it('should refuse an amount it cannot read exactly', () => {
    const row = tick(['2026-01-01 00:30:05', 'wx1', '1', '0', '', '42', 'JC1', 'o1', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', '1.005', '0.00', '0', '0', '0.00', '0.00', '', '', 'x', '', '0', '0.60%', '1.005', '0.00', '']);
    expect(() => parseWechatTradeBill(`${HEADER}\r\n${row}\r\n`)).toThrow(RangeError);
  });
});
