import { Clock } from '../common/clock';
import { ChannelRouter } from './channel-router';

class FakeClock extends Clock {
  at = 1_000_000;
  now(): Date {
    return new Date(this.at);
  }
}

describe('ChannelRouter', () => {
  const all = ['WECHATPAY', 'ALIPAY', 'UNIONPAY'] as const;

  it('should put the consumer’s choice first, then the others by success rate and fee', () => {
    const sut = new ChannelRouter(new FakeClock());
    expect(sut.plan(all, 'ALIPAY').map((d) => d.channel)).toEqual(['ALIPAY', 'UNIONPAY', 'WECHATPAY']);
    expect(sut.plan(all, 'ALIPAY')[0]!.reason).toBe('consumer choice');
  });

  it('should rank a channel with failures below a healthy one', () => {
    const sut = new ChannelRouter(new FakeClock());
    sut.record('UNIONPAY', false);
    sut.record('UNIONPAY', true);
    expect(sut.plan(all, undefined).map((d) => d.channel)).toEqual(['WECHATPAY', 'ALIPAY', 'UNIONPAY']);
  });

  it('should mark a channel down after three failures in a row and bring it back after the cool-down', () => {
    const clock = new FakeClock();
    const sut = new ChannelRouter(clock);
    for (let i = 0; i < 3; i++) sut.record('WECHATPAY', false);
    const plan = sut.plan(all, 'WECHATPAY');
    expect(plan.map((d) => d.channel)).not.toContain('WECHATPAY');
    expect(plan[0]!.reason).toMatch(/WECHATPAY marked down/);
    clock.at += 30_001;
    expect(sut.plan(all, 'WECHATPAY')[0]!.channel).toBe('WECHATPAY');
  });

  it('should offer only the merchant’s enabled channels', () => {
    const sut = new ChannelRouter(new FakeClock());
    expect(sut.plan(['ALIPAY'], 'WECHATPAY').map((d) => d.channel)).toEqual(['ALIPAY']);
  });
});
