import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Budget, Int, OptionalString, OptionalUrl, Url } from './setting-decorators';

class Sample {
  @Int(1, 10)
  BOUNDED = 5;

  @Int(0)
  FROM_ZERO = 0;

  @Url()
  BASE_URL = 'http://127.0.0.1:3100';

  @OptionalUrl()
  HOOK_URL?: string;

  @OptionalString()
  NAME?: string;

  @Budget()
  LIMIT = '20/900';
}

function check(raw: Record<string, unknown>) {
  const sut = plainToInstance(Sample, raw);
  const errors = validateSync(sut, { whitelist: true });
  return { sut, refused: Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})])) };
}

describe('setting decorators', () => {
  it('should keep the defaults when nothing is set', () => {
    const { sut, refused } = check({});
    expect(refused).toEqual({});
    expect(sut).toMatchObject({ BOUNDED: 5, FROM_ZERO: 0, BASE_URL: 'http://127.0.0.1:3100', LIMIT: '20/900' });
    expect(sut.HOOK_URL).toBeUndefined();
  });

  it('should read an integer from the text of a variable', () => {
    const { sut, refused } = check({ BOUNDED: '10', FROM_ZERO: '123456' });
    expect(refused).toEqual({});
    expect(sut.BOUNDED).toBe(10);
    expect(sut.FROM_ZERO).toBe(123456);
  });

  it.each([
    ['0', ['BOUNDED must not be less than 1']],
    ['11', ['BOUNDED must not be greater than 10']],
    ['2.5', ['BOUNDED must be an integer number']],
    ['ten', ['BOUNDED must not be greater than 10', 'BOUNDED must not be less than 1', 'BOUNDED must be an integer number']],
  ])('should refuse %s for an Int(1, 10) with the messages in the order a hand-written stack gave', (value, messages) => {
    expect(check({ BOUNDED: value }).refused).toEqual({ BOUNDED: messages });
  });

  it('should leave Int(min) without an upper bound', () => {
    expect(check({ FROM_ZERO: String(Number.MAX_SAFE_INTEGER) }).refused).toEqual({});
    expect(check({ FROM_ZERO: '-1' }).refused).toEqual({ FROM_ZERO: ['FROM_ZERO must not be less than 0'] });
  });

  it('should take a URL whose host has no top-level domain and refuse one without a protocol', () => {
    expect(check({ BASE_URL: 'http://sandbox:3100', HOOK_URL: 'https://bff/notify' }).refused).toEqual({});
    expect(check({ BASE_URL: 'sandbox:3100', HOOK_URL: '127.0.0.1/notify' }).refused).toEqual({
      BASE_URL: ['BASE_URL must be a URL address'],
      HOOK_URL: ['HOOK_URL must be a URL address'],
    });
  });

  it('should refuse a budget that is not <requests>/<seconds>', () => {
    expect(check({ LIMIT: '5/3600' }).refused).toEqual({});
    expect(check({ LIMIT: '0/60' }).refused).toEqual({ LIMIT: ['limits look like <requests>/<seconds>, e.g. 20/900'] });
  });

  it('should refuse an OptionalString that is not text', () => {
    expect(check({ NAME: 'bucket' }).refused).toEqual({});
    expect(check({ NAME: 42 }).refused).toEqual({ NAME: ['NAME must be a string'] });
  });
});
