import { isValidUscc, usccCheckChar } from './uscc';

describe('统一社会信用代码', () => {
  it.each(['91350100M000100Y43', '91110000802100433B', '91440300708461136T'])('should accept the published code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it.each([
    ['wrong check character', '91350100M000100Y44'],
    ['too short', '91350100M000100Y4'],
    ['letter outside the alphabet (I)', '91350100M00010IY43'],
    ['lower case', '91350100m000100y43'],
  ])('should refuse a code with a %s', (_reason, code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it('should compute the check character from the first 17', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('short')).toBeNull();
  });
});
