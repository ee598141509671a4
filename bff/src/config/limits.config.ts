import { AuthConfig } from './auth.config';
import { Budget, Int } from './setting-decorators';

/**
 * Budgets per client address and for the whole platform, "<requests>/<seconds>", counted in the key-value store
 * (Redis) so every instance shares them. SMS costs money per message; registrations and logins draw attackers.
 */
export class LimitsConfig extends AuthConfig {
  @Budget() LIMIT_LOGIN_PER_IP = '20/900';
  @Budget() LIMIT_LOGIN_GLOBAL = '600/60';
  @Budget() LIMIT_SMS_PER_IP = '5/3600';
  @Budget() LIMIT_SMS_GLOBAL = '100/60';
  @Budget() LIMIT_REGISTER_PER_IP = '5/3600';
  @Budget() LIMIT_REGISTER_GLOBAL = '60/3600';
  @Budget() LIMIT_MEMBER_CODE_PER_IP = '240/60';
  @Budget() LIMIT_MEMBER_CODE_GLOBAL = '20000/60';

  /** Unverifiable channel notifications stored per sender address in 10 minutes; beyond it 429, nothing stored. */
  @Int(1)
  NOTIFY_REFUSALS_PER_ADDRESS = 20;
}
