import type { ArgumentMetadata } from '@nestjs/common';
import { CardSearchQuery } from '../back-office/back-office.dto';
import { CardProductDto } from '../card-products/card-products.dto';
import { KycDto, RegisterMerchantDto } from '../merchants/merchants.dto';
import { DomainError } from './domain-error';
import { createValidationPipe } from './validation';
import { FIELD_INVALID_ZH, fieldErrorsZh, ruleMessageZh } from './validation-messages';

// The real validation pipe on real DTOs: what a 422 says in Chinese, field by field.
async function refusal(metatype: ArgumentMetadata['metatype'], value: object): Promise<{ en: Record<string, string[]>; zh: Record<string, string[]> }> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { en: error.fieldErrors ?? {}, zh: error.fieldErrorsZh ?? {} };
  }
  throw new Error('the value passed validation');
}

const product = {
  name: '储值卡',
  coverStyle: 'jade',
  kind: 'NAMED',
  tiers: [{ payFen: 10_000, bonusFen: 0 }],
  allowCustomAmount: true,
  minTopUpFen: 1_000,
  storeIds: [],
  deductionRule: 'PRO_RATA',
  pointsPerYuan: 1,
  description: '',
};

describe('Chinese per-field validation messages', () => {
  it('should give every refused field of a sign-up a Chinese message beside the English one', async () => {
    const { en, zh } = await refusal(RegisterMerchantDto, { username: 'AB', password: 'short', displayName: '' });
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(zh).toEqual({ username: ['用户名为 3–64 位小写字母、数字或 _ . -'], password: ['至少 8 个字'], displayName: ['必填'] });
  });

  it('should say what a KYC field should be: the credit code, the phone, the account number, a length', async () => {
    const { zh } = await refusal(KycDto, {
      businessLicenceFileId: 'not-a-uuid',
      legalRepIdFileId: '00000000-0000-4000-8000-000000000000',
      companyName: '公'.repeat(101),
      creditCode: '91350100M000100Y44',
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '010-12345678',
      settlementAccountName: '测试餐饮有限公司',
      settlementAccountNo: '6222ABC',
      settlementBankName: '中国银行上海分行',
    });
    expect(zh).toMatchObject({
      businessLicenceFileId: ['编号格式不正确'],
      companyName: ['最多 100 个字'],
      creditCode: ['统一社会信用代码不正确（18 位，含校验位）'],
      contactPhone: ['请填写 11 位手机号'],
      settlementAccountNo: ['结算账号为 8–30 位数字'],
    });
  });

  it('should read amounts in fen as yuan, name the allowed values, and reach into nested tiers', async () => {
    const { en, zh } = await refusal(CardProductDto, { ...product, kind: 'GOLD', minTopUpFen: 0, tiers: [{ payFen: 1.5, bonusFen: -1 }], extra: 1 });
    expect(zh).toMatchObject({
      kind: ['只能是以下之一：NAMED、ANONYMOUS'],
      minTopUpFen: ['不能小于 ¥0.01'],
      'tiers.0.payFen': ['请填写整数'],
      'tiers.0.bonusFen': ['不能为负数'],
      extra: ['不支持这个字段'],
    });
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('should refuse a malformed phone search in Chinese', async () => {
    expect((await refusal(CardSearchQuery, { phone: '12345' })).zh).toEqual({ phone: ['请填写 11 位手机号'] });
  });

  it('should give a field refused by a service rule, or by a rule it does not know, the general sentence', () => {
    expect(fieldErrorsZh({ 'tiers.0.bonusFen': ['the bonus cannot exceed the amount paid'], name: ['x'] }, { name: ['至少 1 个字'] })).toEqual({
      'tiers.0.bonusFen': [FIELD_INVALID_ZH],
      name: ['至少 1 个字'],
    });
    expect(ruleMessageZh('isSomethingNew', 'field', 'field is bad')).toBe(FIELD_INVALID_ZH);
  });
});
