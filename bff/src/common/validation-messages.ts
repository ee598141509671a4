import type { ValidationError } from 'class-validator';
import { formatYuan } from '@jucard/shared';

/**
 * The Chinese per-field messages of a 422 (the envelope's `errorsZh`, beside the English `errors`), worked out from
 * which rule refused the field, so every DTO gets them without a second message on each decorator. They say what
 * the field should be, not its name: a form shows each beside its own field.
 */

/** A field the service refused by hand (not a DTO rule) still gets a sentence. */
export const FIELD_INVALID_ZH = '填写有误，请检查';

/** The number a class-validator default message carries ("must not be less than 1" → 1); null without one. */
function numberIn(message: string | undefined, near?: RegExp): number | null {
  const text = near && message ? (near.exec(message)?.[0] ?? '') : (message ?? '');
  const match = /-?\d+(?:\.\d+)?/.exec(text);
  return match ? Number(match[0]) : null;
}

/** Amount fields count fen: their bounds read as yuan. */
const bound = (field: string, n: number) => (/Fen$/.test(field) && Number.isInteger(n) ? formatYuan(n) : String(n));

/** Pattern rules (`@Matches`) say what the field looks like; by the field's name, as the DTOs name them. */
const PATTERN_ZH: Record<string, string> = {
  phone: '请填写 11 位手机号',
  contactPhone: '请填写 11 位手机号',
  code: '请填写 6 位数字验证码',
  username: '用户名为 3–64 位小写字母、数字或 _ . -',
  businessDate: '日期格式应为 YYYY-MM-DD',
  date: '日期格式应为 YYYY-MM-DD',
  from: '日期格式应为 YYYY-MM-DD',
  to: '日期格式应为 YYYY-MM-DD',
  merchantOrderNo: '订单号为 1–64 位字母、数字或 _ - : .',
  reversalNo: '冲正单号为 1–64 位字母、数字或 _ - : .',
  idempotencyKey: '请求编号为 8–64 位字母、数字、_ 或 -',
  settlementAccountNo: '结算账号为 8–30 位数字',
  claimToken: '领卡码无效',
};

/** "只能是以下之一：NAMED、ANONYMOUS" from class-validator's "… one of the following values: NAMED, ANONYMOUS". */
const oneOf = (message: string | undefined) => {
  const values = message?.includes(':') ? message.slice(message.lastIndexOf(':') + 1).trim() : '';
  return values ? `只能是以下之一：${values.split(/,\s*/).join('、')}` : '不是可选的值';
};

/** "至少 2 个字"; without a number in the message, the plain word. */
const counted = (limit: string, n: number | null, unit: string, otherwise: string) => (n === null ? otherwise : `${limit} ${n} ${unit}`);

type Rule = (field: string, message: string | undefined) => string;

const RULES: Record<string, Rule> = {
  isDefined: () => '必填',
  isNotEmpty: () => '必填',
  isString: () => '请填写文字',
  isInt: () => '请填写整数',
  isNumber: () => '请填写数字',
  isBoolean: () => '请选择是或否',
  isArray: () => '应为一组值',
  isUuid: () => '编号格式不正确',
  isIn: (_f, m) => oneOf(m),
  isEnum: (_f, m) => oneOf(m),
  min: (f, m) => {
    const n = numberIn(m);
    if (n === 0) return '不能为负数';
    return n === null ? '数值太小' : `不能小于 ${bound(f, n)}`;
  },
  max: (f, m) => {
    const n = numberIn(m);
    return n === null ? '数值太大' : `不能大于 ${bound(f, n)}`;
  },
  isLength: (_f, m) => {
    const longer = numberIn(m, /longer than or equal to \d+/);
    const shorter = numberIn(m, /shorter than or equal to \d+/);
    if (longer !== null) return longer === 1 ? '必填' : `至少 ${longer} 个字`;
    return counted('最多', shorter, '个字', '长度不符合要求');
  },
  minLength: (_f, m) => (numberIn(m) === 1 ? '必填' : counted('至少', numberIn(m), '个字', '太短')),
  maxLength: (_f, m) => counted('最多', numberIn(m), '个字', '太长'),
  arrayMinSize: (_f, m) => counted('至少', numberIn(m), '项', '项数太少'),
  arrayMaxSize: (_f, m) => counted('最多', numberIn(m), '项', '项数太多'),
  arrayUnique: () => '不能有重复的项',
  matches: (f) => PATTERN_ZH[f] ?? '格式不正确',
  isBase64: () => '文件内容应为 base64 编码',
  isUscc: () => '统一社会信用代码不正确（18 位，含校验位）',
  isIso8601: () => '时间格式不正确',
  isDateString: () => '时间格式不正确',
  isUrl: () => '请填写网址（http:// 或 https:// 开头）',
  whitelistValidation: () => '不支持这个字段',
  nestedValidation: () => FIELD_INVALID_ZH,
};

/** One refused rule of one field in Chinese; a rule not listed here gets the general sentence. */
export function ruleMessageZh(rule: string, field: string, message?: string): string {
  return RULES[rule]?.(field, message) ?? FIELD_INVALID_ZH;
}

/** The Chinese messages, keyed by the same paths as `flattenValidationErrors` (tiers.0.payFen). */
export function validationMessagesZh(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const messages = Object.entries(error.constraints).map(([rule, message]) => ruleMessageZh(rule, error.property, message));
      result[path] = [...new Set(messages)];
    }
    if (error.children?.length) Object.assign(result, validationMessagesZh(error.children, path));
  }
  return result;
}

/** `errorsZh` for an envelope: the rules' Chinese where there is one, the general sentence for every other field. */
export function fieldErrorsZh(errors: Record<string, string[]>, known: Record<string, string[]> = {}): Record<string, string[]> {
  return Object.fromEntries(Object.keys(errors).map((path) => [path, known[path]?.length ? known[path] : [FIELD_INVALID_ZH]]));
}
