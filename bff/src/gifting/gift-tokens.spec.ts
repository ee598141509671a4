import { GiftTokens } from './gift-tokens';

describe('GiftTokens', () => {
  const sut = new GiftTokens('a-test-secret-of-enough-length-000000');
  const giftId = '4f1c2a52-7d0e-4a35-9d1e-1c6f7b3f8a10';

  it('should read back the gift id of a token it issued', () => {
    expect(sut.verify(sut.issue(giftId, 'nonce123'))).toBe(giftId);
  });

  it.each([
    ['another gift id', (token: string) => token.replace(giftId, '00000000-0000-4000-8000-000000000000')],
    ['another nonce', (token: string) => token.replace('nonce123', 'nonce124')],
    ['a cut signature', (token: string) => token.slice(0, -2)],
    ['an extra part', (token: string) => `${token}.x`],
    ['no signature', () => `${giftId}.nonce123`],
  ])('should refuse a token with %s', (_case, alter) => {
    expect(sut.verify(alter(sut.issue(giftId, 'nonce123')))).toBeNull();
  });

  it('should refuse a token signed with another secret', () => {
    expect(sut.verify(new GiftTokens('another-secret-of-enough-length-11111').issue(giftId, 'nonce123'))).toBeNull();
  });

  it('should hash a token to 64 hex digits, the same each time', () => {
    expect(GiftTokens.hash('t')).toMatch(/^[0-9a-f]{64}$/);
    expect(GiftTokens.hash('t')).toBe(GiftTokens.hash('t'));
  });
});
