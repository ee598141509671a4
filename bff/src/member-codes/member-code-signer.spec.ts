import { parseMemberCode } from '@jucard/shared';
import { loadConfig } from '../config/app-config';
import { MemberCodeSigner } from './member-code-signer';

const secret = (c: string) => c.repeat(32);
const claims = { keyId: '2', codeId: '123456789', cardId: 'card-a', expiresAt: new Date('2026-11-25T10:00:00.000Z') };

describe('MemberCodeSigner', () => {
  const sut = new MemberCodeSigner(loadConfig({ JWT_SECRET: secret('j'), MEMBER_CODE_KEYS: `2:${secret('n')},1:${secret('o')}` }));

  it('should render an 18-digit code with the 93 prefix and a QR payload that both verify', () => {
    const { numericCode, qrPayload } = sut.render(claims);
    expect(numericCode).toMatch(/^932123456789\d{6}$/);
    expect(sut.verify(parseMemberCode(numericCode)!, claims)).toBe(true);
    expect(sut.verify(parseMemberCode(qrPayload)!, claims)).toBe(true);
  });

  it.each([
    ['another card', { cardId: 'card-b' }],
    ['another expiry', { expiresAt: new Date('2026-11-25T10:00:01.000Z') }],
    ['another code id', { codeId: '123456780' }],
  ])('should refuse a code presented for %s', (_label, change) => {
    const { numericCode, qrPayload } = sut.render(claims);
    expect(sut.verify(parseMemberCode(numericCode)!, { ...claims, ...change })).toBe(false);
    expect(sut.verify(parseMemberCode(qrPayload)!, { ...claims, ...change })).toBe(false);
  });

  it('should refuse a forged MAC', () => {
    const { numericCode } = sut.render(claims);
    const forged = numericCode.slice(0, 12) + ((Number(numericCode.slice(12)) + 1) % 1_000_000).toString().padStart(6, '0');
    expect(sut.verify(parseMemberCode(forged)!, claims)).toBe(false);
  });

  it('should keep verifying codes of the previous key after a rotation, and sign new ones with the new key', () => {
    const before = new MemberCodeSigner(loadConfig({ JWT_SECRET: secret('j'), MEMBER_CODE_KEYS: `1:${secret('o')}` }));
    const old = before.render({ ...claims, keyId: '1' });
    expect(sut.activeKeyId).toBe('2');
    expect(sut.verify(parseMemberCode(old.numericCode)!, { ...claims, keyId: '1' })).toBe(true);
    const retired = new MemberCodeSigner(loadConfig({ JWT_SECRET: secret('j'), MEMBER_CODE_KEYS: `2:${secret('n')}` }));
    expect(retired.verify(parseMemberCode(old.numericCode)!, { ...claims, keyId: '1' })).toBe(false);
  });
});
