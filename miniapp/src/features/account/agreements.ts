/** The two texts a consumer agrees to. Short and plain; the legal team's full versions replace them before launch. */
export interface Agreement {
  key: 'terms' | 'privacy'
  title: string
  paragraphs: string[]
}

export const AGREEMENTS: Agreement[] = [
  {
    key: 'terms',
    title: '用户协议',
    paragraphs: [
      '聚卡为你保管在各家商户领取的会员卡。卡内余额由你向商户预付，资金存放在持牌支付机构的备付金账户中，商户在你消费后才收到对应款项。',
      '本金可在卡片有效期内于该商户的适用门店使用；赠送金由商户出资，只能消费，不能提现，退卡时按比例作废。',
      '会员码仅限本人当面出示使用，请勿截图或转发。因你泄露会员码造成的损失，平台将协助你与商户处理，但无法保证追回。',
      '未使用的本金可申请退卡，原路退回你的付款账户，通常 1–3 个工作日到账。如有争议，可联系商户或聚卡客服。'
    ]
  },
  {
    key: 'privacy',
    title: '隐私政策',
    paragraphs: [
      '我们只收集提供服务所必需的信息：用于登录的手机号或微信标识、你领取的会员卡，以及每一笔充值、消费、冲正和退卡记录。',
      '商户只能看到在其门店发生的交易以及脱敏后的手机号和卡号；我们不会向第三方出售你的个人信息。',
      '交易记录依照支付监管要求保存，保存期满后删除或匿名化处理。',
      '你可以随时退出登录；如需查询、更正或删除个人信息，请联系聚卡客服。'
    ]
  }
]
