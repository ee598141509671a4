import { Clock } from '../common/clock';
import { KeyValueStoreUnavailableError } from '../kv/key-value-store';
import { MemoryKeyValueStore } from '../kv/memory-key-value-store';
import { ChannelRouter } from './channel-router';

class FakeClock extends Clock {
  at = 1_000_000;
  now(): Date {
    return new Date(this.at);
  }
}

/** A shared store whose server has gone: every command is refused, as RedisKeyValueStore does while disconnected. */
class UnreachableStore extends MemoryKeyValueStore {
  override get = refuse;
  override getMany = refuse;
  override set = refuse;
  override increment = refuse;
}
async function refuse(): Promise<never> {
  throw new KeyValueStoreUnavailableError('key-value store not connected');
}

describe('ChannelRouter', () => {
  const all = ['WECHATPAY', 'ALIPAY', 'UNIONPAY'] as const;
  let clock: FakeClock;
  let shared: MemoryKeyValueStore;
  let sut: ChannelRouter;

  beforeEach(() => {
    clock = new FakeClock();
    shared = new MemoryKeyValueStore(() => clock.at);
    sut = new ChannelRouter(clock, shared);
  });
  afterEach(() => shared.close());

  const order = async (router: ChannelRouter, preferred?: (typeof all)[number]) => (await router.plan(all, preferred)).map((d) => d.channel);

  it('should put the consumer’s choice first, then the others by success rate and fee', async () => {
    expect(await order(sut, 'ALIPAY')).toEqual(['ALIPAY', 'UNIONPAY', 'WECHATPAY']);
    expect((await sut.plan(all, 'ALIPAY'))[0]!.reason).toBe('consumer choice');
  });

  it('should rank a channel with failures below a healthy one', async () => {
    await sut.record('UNIONPAY', false);
    await sut.record('UNIONPAY', true);
    expect(await order(sut)).toEqual(['WECHATPAY', 'ALIPAY', 'UNIONPAY']);
  });

  it('should forget outcomes older than the five-minute window', async () => {
    await sut.record('UNIONPAY', false);
    clock.at += 5 * 60_000 + 30_000;
    expect(await order(sut)).toEqual(['UNIONPAY', 'WECHATPAY', 'ALIPAY']);
  });

  it('should mark a channel down after three failures in a row and bring it back after the cool-down', async () => {
    for (let i = 0; i < 3; i++) await sut.record('WECHATPAY', false);
    const plan = await sut.plan(all, 'WECHATPAY');
    expect(plan.map((d) => d.channel)).not.toContain('WECHATPAY');
    expect(plan[0]!.reason).toMatch(/WECHATPAY marked down/);
    expect(await sut.isUp('WECHATPAY')).toBe(false);
    clock.at += 30_001;
    expect((await sut.plan(all, 'WECHATPAY'))[0]!.channel).toBe('WECHATPAY');
  });

  it('should not trip on failures that a success interrupts', async () => {
    await sut.record('ALIPAY', false);
    await sut.record('ALIPAY', false);
    await sut.record('ALIPAY', true);
    await sut.record('ALIPAY', false);
    expect(await sut.isUp('ALIPAY')).toBe(true);
  });

  it('should offer only the merchant’s enabled channels', async () => {
    expect((await sut.plan(['ALIPAY'], 'WECHATPAY')).map((d) => d.channel)).toEqual(['ALIPAY']);
  });

  it('should route alike on every instance that shares the store', async () => {
    const other = new ChannelRouter(clock, shared);
    await sut.record('WECHATPAY', false);
    await other.record('WECHATPAY', false);
    await sut.record('WECHATPAY', false);
    expect(await order(other, 'WECHATPAY')).toEqual(['UNIONPAY', 'ALIPAY']);
    await other.record('UNIONPAY', false);
    expect(await order(sut)).toEqual(['ALIPAY', 'UNIONPAY']);
  });

  it('should decide from what this instance saw while the shared store is unreachable', async () => {
    const degraded = new ChannelRouter(clock, new UnreachableStore());
    await expect(degraded.plan(all, 'ALIPAY')).resolves.toHaveLength(3);
    for (let i = 0; i < 3; i++) await degraded.record('ALIPAY', false);
    expect(await order(degraded, 'ALIPAY')).toEqual(['UNIONPAY', 'WECHATPAY']);
  });
});
