import { isValidResidentIdNo, maskResidentIdNo, normaliseResidentIdNo, residentIdCheckChar } from './resident-id';

describe('公民身份号码 (GB 11643)', () => {
  it.each(['11010519491231002X', '440524198001010013', '110101199003074477'])('should accept the well-formed number %s', (idNo) => {
    expect(isValidResidentIdNo(idNo)).toBe(true);
  });

  it.each([
    ['wrong check character', '110101199003074478'],
    ['a lower-case x left as typed', '11010519491231002x'],
    ['no such date', '110101199002304477'],
    ['too short', '11010119900307447'],
    ['a leading zero', '010101199003074477'],
  ])('should refuse a number with %s', (_reason, idNo) => {
    expect(isValidResidentIdNo(idNo)).toBe(false);
  });

  it('should compute the check character over the first 17 digits', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('1101051949123100')).toBeNull();
  });

  it('should normalise what people type and mask all but the region and the last four', () => {
    expect(normaliseResidentIdNo(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(maskResidentIdNo('110101199003074477')).toBe('1101**********4477');
  });
});
