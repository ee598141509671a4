import { parseAlipayTradeBill } from './alipay-bill';

const HEADER =
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';

describe('parseAlipayTradeBill', () => {
  it('should skip comment lines and read trades and refunds (negative 商家实收) in fen', () => {
    const bill = [
      '#支付宝业务明细查询',
      '#账号：[20880000000000000156]',
      '#-----------------------------------------业务明细列表----------------------------------------',
      HEADER,
      '2026010122001000000000000001\t,JC1\t,交易,储值卡充值,2026-01-01 00:29:00,2026-01-01 00:30:05,,,,,jc***@sandbox.alipay.com,88.80,88.80,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.53,0.00,',
      '2026010122001000000000000001,JC1,退款,储值卡充值,2026-01-01 00:29:00,2026-01-01 01:00:00,,,,,jc***@sandbox.alipay.com,88.80,-8.80,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,RF1,0.05,0.00,',
      '#-----------------------------------------业务明细列表结束------------------------------------',
      '#交易合计：1笔，商家实收共88.80元，商家优惠共0.00元',
    ].join('\r\n');

    expect(parseAlipayTradeBill(bill)).toEqual([
      { kind: 'PAYMENT', outTradeNo: 'JC1', channelTradeNo: '2026010122001000000000000001', outRefundNo: null, amountFen: 8880, status: '交易', occurredAt: new Date('2025-12-31T16:30:05Z') },
      { kind: 'REFUND', outTradeNo: 'JC1', channelTradeNo: '2026010122001000000000000001', outRefundNo: 'RF1', amountFen: 880, status: '退款', occurredAt: new Date('2025-12-31T17:00:00Z') },
    ]);
  });

  it('should read a day without trades as empty', () => {
    expect(parseAlipayTradeBill(`#支付宝业务明细查询\r\n${HEADER}\r\n#交易合计：0笔\r\n`)).toEqual([]);
  });
});
