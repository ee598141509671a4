import type { CreateRiskRuleRequest, RiskCaseList, RiskCaseView, RiskRuleView, TokenPair } from '@jucard/shared';
import type { TestApp } from '../support/test-app';
import { actors, bearer } from './actors';

/** The rule fields a test chooses; the scope is its own merchant and the reason is fixed. */
export type MerchantRuleInput = Omit<CreateRiskRuleRequest, 'scope' | 'scopeId' | 'reason'>;

/**
 * The platform's risk desk for one suite: an operator signed in at first use, rules scoped to a test's own merchant
 * (so the platform's defaults, which every other suite's traffic also meets, stay as shipped) and the case queue.
 */
export function riskDesk(t: TestApp) {
  const a = actors(t);
  let ops: TokenPair | undefined;
  const operator = async () => (ops ??= await a.operator());

  async function merchantRule(merchantId: string, rule: MerchantRuleInput): Promise<RiskRuleView> {
    const body = { ...rule, scope: 'merchant', scopeId: merchantId, reason: '测试规则' };
    return (await t.http.post('/operator/risk/rules').set(bearer(await operator())).send(body).expect(201)).body as RiskRuleView;
  }

  /** The whole queue: it holds every suite's cases, so a test filters it down to its own card or rule. */
  async function cases(): Promise<RiskCaseView[]> {
    return ((await t.http.get('/operator/risk/cases').set(bearer(await operator())).expect(200)).body as RiskCaseList).items;
  }

  return { operator, merchantRule, cases };
}
