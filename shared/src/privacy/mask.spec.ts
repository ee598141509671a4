import { maskCardNo, maskName, maskPhone } from './index';

describe('masking', () => {
  it('should show a card number by its first and last four digits only', () => {
    expect(maskCardNo('8812345678901234')).toBe('8812 **** **** 1234');
  });

  it.each([
    ['13800000000', '138****0000'],
    ['+85261234567', '****4567'],
    ['123', '****'],
  ])('should mask the phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳小明', '欧阳小明'.slice(0, 1) + '***'],
    ['李', '李*'],
    ['  ', ''],
  ])('should mask the name %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
