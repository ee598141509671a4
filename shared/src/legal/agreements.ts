import type { PlatformAgreementKind } from '../api/contracts';

/**
 * The platform's 用户协议 and 隐私政策 (docs/compliance.md §8): the one text the sign-in page, 我的 and the BFF show.
 * A change of substance gets a new `version` (the date it takes effect): every consumer is asked to accept again at
 * their next sign-in, and the BFF records the version accepted. Plain language, for a shopper.
 */
export interface PlatformAgreement {
  kind: PlatformAgreementKind;
  title: string;
  version: string;
  paragraphs: string[];
}

export const PLATFORM_AGREEMENTS: Record<PlatformAgreementKind, PlatformAgreement> = {
  USER_AGREEMENT: {
    kind: 'USER_AGREEMENT',
    title: '聚卡用户协议',
    version: '2026-12-01',
    paragraphs: [
      '聚卡为你保管在各家商户领取的会员卡（单用途预付卡）。卡内余额由你向商户预付，资金存放在持牌支付机构的备付金账户中，商户在你消费后才收到对应款项，并由商户承担履约责任。',
      '每张卡的使用规则以该卡的《预付卡章程 / 充值协议》为准，领卡和充值前会向你展示，你同意后才能继续。记名卡的本金永久有效，可以挂失、补卡；不记名卡的有效期不少于三年，到期后如仍有余额，可申请重新激活或换新卡，余额不会作废。',
      '赠送金由商户出资，只能消费，不能提现。未使用的余额可申请退卡，已消费的部分按实付比例折算，计算结果在你确认前展示；款项原路退回你的付款账户，通常 1–3 个工作日到账。符合冷静期条件的充值可全额退回。',
      '记名卡充值前，或单笔、当日累计购买不记名卡达到 1 万元时，需要先完成实名认证。',
      '会员码仅限本人当面出示使用，请勿截图或转发。因你泄露会员码造成的损失，平台将协助你与商户处理，但无法保证追回。',
      '"不退不换""最终解释权归商家所有"等排除或限制你权利的条款无效。如有争议，可联系商户或聚卡客服，也可依法向消费者协会投诉或向人民法院起诉。本协议更新后，你下次登录时会看到新版本并需要重新同意。',
    ],
  },
  PRIVACY_POLICY: {
    kind: 'PRIVACY_POLICY',
    title: '聚卡隐私政策',
    version: '2026-12-01',
    paragraphs: [
      '我们只收集提供服务所必需的信息：用于登录的手机号或微信标识、你领取的会员卡，以及每一笔充值、消费、冲正和退卡记录；完成实名认证时，还有你的姓名和身份证号码。',
      '商户只能看到在其门店发生的交易以及脱敏后的手机号和卡号；身份证号码加密保存，页面只显示遮盖后的号码；身份核验服务只收到核验所需的姓名和号码。我们不会向第三方出售你的个人信息。',
      '交易和实名记录依照监管要求至少保存五年，保存期满后删除或匿名化处理。',
      '你可以随时退出登录；如需查询、更正或删除个人信息，或注销账号（卡内有余额的需先处理），请联系聚卡客服。',
    ],
  },
}
