import { formatMemberCode, MEMBER_CODE_PREFIX, memberCodeCollidesWithPaymentCodes, parseMemberCode } from './member-code';

describe('member code formats', () => {
  const mac43 = 'A'.repeat(43);

  it('should parse the 18-digit numeric form, with or without spaces', () => {
    expect(parseMemberCode('931123456789654321')).toEqual({ form: 'numeric', keyId: '1', codeId: '123456789', mac: '654321' });
    expect(parseMemberCode(' 9311 2345 6789 6543 21 ')).toEqual(parseMemberCode('931123456789654321'));
  });

  it('should parse the QR form', () => {
    expect(parseMemberCode(`JC1.2.123456789.${mac43}`)).toEqual({ form: 'qr', keyId: '2', codeId: '123456789', mac: mac43 });
  });

  it.each([
    ['a WeChat payment code', '134567890123456789'],
    ['an Alipay payment code', '284567890123456789'],
    ['too short', '93112345678965432'],
    ['letters', '9311234567896543ab'],
    ['a QR with a short MAC', 'JC1.2.123456789.AAAA'],
    ['empty', ''],
  ])('should refuse %s', (_label, input) => {
    expect(parseMemberCode(input)).toBeNull();
  });

  it('should use a prefix that no payment channel uses', () => {
    expect(memberCodeCollidesWithPaymentCodes(`${MEMBER_CODE_PREFIX}0000000000000000`)).toBe(false);
    expect(['10', '15', '25', '30', '62'].every((p) => memberCodeCollidesWithPaymentCodes(`${p}0000000000000000`))).toBe(true);
  });

  it('should group digits for display', () => {
    expect(formatMemberCode('931123456789654321')).toBe('9311 2345 6789 6543 21');
  });
});
