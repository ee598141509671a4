import type { AppConfig } from '../config/app-config';

/** The actions with a budget of their own (per client address and platform-wide). */
export type BudgetName = 'login' | 'sms' | 'register' | 'member-code';

export interface Budget {
  limit: number;
  ttlMs: number;
}

function parse(value: string): Budget {
  const [limit, seconds] = value.split('/').map(Number);
  return { limit: limit ?? 1, ttlMs: (seconds ?? 1) * 1000 };
}

export function budgetsFrom(config: AppConfig): Record<BudgetName, { ip: Budget; global: Budget }> {
  return {
    login: { ip: parse(config.LIMIT_LOGIN_PER_IP), global: parse(config.LIMIT_LOGIN_GLOBAL) },
    sms: { ip: parse(config.LIMIT_SMS_PER_IP), global: parse(config.LIMIT_SMS_GLOBAL) },
    register: { ip: parse(config.LIMIT_REGISTER_PER_IP), global: parse(config.LIMIT_REGISTER_GLOBAL) },
    'member-code': { ip: parse(config.LIMIT_MEMBER_CODE_PER_IP), global: parse(config.LIMIT_MEMBER_CODE_GLOBAL) },
  };
}
