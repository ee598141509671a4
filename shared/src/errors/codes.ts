/**
 * Every failure the platform reports carries one of these codes. Clients switch on `code`, never on text.
 * Messages are written for the person who will read them: a shopper, a cashier or a merchant's staff.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const ERRORS = {
  // request shape
  VALIDATION_FAILED: { status: 422, zh: '请求内容有误，请检查后重试', en: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, zh: '请求格式错误', en: 'The request body is not valid JSON' },
  NOT_FOUND: { status: 404, zh: '请求的内容不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request body is too large' },
  BODY_TOO_DEEP: { status: 400, zh: '请求内容嵌套层级过深', en: 'The request body is nested too deeply' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的请求内容类型，请使用 JSON', en: 'The request content type is not supported; send JSON' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    zh: '该请求编号已用于另一笔不同的操作',
    en: 'This idempotency key was already used for a different request',
  },
  IDEMPOTENCY_KEY_REQUIRED: { status: 422, zh: '缺少请求编号（Idempotency-Key）', en: 'An Idempotency-Key header is required' },
  CONFLICT: { status: 409, zh: '操作冲突，请刷新后重试', en: 'The resource changed; refresh and retry' },

  // identity
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication is required' },
  TOKEN_INVALID: { status: 401, zh: '登录状态无效，请重新登录', en: 'The token is invalid' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'The token has expired' },
  REFRESH_TOKEN_REUSED: { status: 401, zh: '登录凭证已失效，请重新登录', en: 'The refresh token was already used' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  OTP_INVALID: { status: 401, zh: '验证码错误或已过期', en: 'The one-time code is wrong or expired' },
  WECHAT_LOGIN_FAILED: { status: 401, zh: '微信登录失败，请重试', en: 'WeChat login failed' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请稍后再试', en: 'Too many requests; try again later' },

  // merchants
  MERCHANT_NOT_APPROVED: { status: 409, zh: '商户尚未通过审核', en: 'The merchant is not approved' },
  MERCHANT_STATE_INVALID: { status: 409, zh: '商户当前状态不允许此操作', en: 'The merchant is not in a state that allows this' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is taken' },
  STORE_NOT_FOUND: { status: 404, zh: '门店不存在', en: 'Store not found' },

  // uploaded files
  FILE_TOO_LARGE: { status: 413, zh: '图片太大，请上传 4MB 以内的图片', en: 'The file is larger than 4 MB' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, zh: '只能上传 JPG、PNG 或 WebP 格式的图片', en: 'Only JPEG, PNG or WebP images are accepted' },
  FILE_NOT_FOUND: { status: 404, zh: '图片不存在或链接已过期，请刷新页面', en: 'The file does not exist or its link has expired' },

  // card products and cards
  PRODUCT_NOT_ACTIVE: { status: 409, zh: '该会员卡已停售', en: 'The card product is not on sale' },
  CARD_NOT_FOUND: { status: 404, zh: '会员卡不存在', en: 'Card not found' },
  CARD_EVENT_NOT_FOUND: { status: 404, zh: '没有找到这笔记录', en: 'No such event on this card' },
  CARD_ALREADY_CLAIMED: { status: 409, zh: '您已领取过这张会员卡', en: 'You already hold this card' },
  CARD_NOT_ACTIVE: { status: 409, zh: '会员卡已冻结或已注销', en: 'The card is frozen or closed' },
  CLAIM_TOKEN_INVALID: { status: 404, zh: '领卡链接无效或已失效', en: 'The claim link is invalid' },

  // money
  AMOUNT_INVALID: { status: 422, zh: '金额无效', en: 'The amount is invalid' },
  INSUFFICIENT_BALANCE: { status: 409, zh: '余额不足', en: 'Insufficient balance' },
  BALANCE_LIMIT_EXCEEDED: { status: 409, zh: '超出会员卡余额上限', en: 'The card balance limit would be exceeded' },
  LEDGER_ACCOUNT_NOT_FOUND: { status: 404, zh: '账户不存在', en: 'Ledger account not found' },
  LEDGER_MISMATCH: { status: 422, zh: '账户币种不一致', en: 'Accounts belong to different ledgers' },

  // member codes and redemption (messages a cashier reads aloud)
  MEMBER_CODE_INVALID: { status: 422, zh: '会员码无效，请让顾客刷新后重试', en: 'The member code is not valid' },
  MEMBER_CODE_EXPIRED: { status: 409, zh: '会员码已过期，请让顾客刷新', en: 'The member code has expired' },
  MEMBER_CODE_USED: { status: 409, zh: '会员码已使用，请让顾客刷新', en: 'The member code was already used' },
  CARD_OF_ANOTHER_MERCHANT: { status: 409, zh: '此会员卡不属于本商户', en: 'The card belongs to another merchant' },
  CARD_NOT_ACCEPTED_AT_STORE: { status: 409, zh: '此会员卡不能在本门店使用', en: 'The card is not accepted at this store' },
  CARD_EXPIRED: { status: 409, zh: '会员卡已过期', en: 'The card has expired' },
  STORE_NOT_ALLOWED: { status: 403, zh: '您没有该门店的收银权限', en: 'You are not assigned to this store' },
  REDEMPTION_NOT_FOUND: { status: 404, zh: '消费记录不存在', en: 'Redemption not found' },
  REVERSAL_EXCEEDS_REMAINING: { status: 409, zh: '冲正金额超过这笔消费还可冲正的金额', en: 'The reversal exceeds what remains of the redemption' },
  POS_SIGNATURE_INVALID: { status: 401, zh: '收银系统签名无效', en: 'The POS request signature is invalid' },
  POS_REQUEST_EXPIRED: { status: 401, zh: '收银系统请求已过期，请校准时间', en: 'The POS request timestamp is outside the allowed window' },
  POS_REQUEST_REPLAYED: { status: 409, zh: '重复的收银系统请求', en: 'The POS request nonce was already used' },

  // top-ups
  TOPUP_AMOUNT_NOT_OFFERED: { status: 422, zh: '该充值金额不可用，请选择档位或在允许范围内输入', en: 'This top-up amount is not offered for the card' },
  TOPUP_NOT_FOUND: { status: 404, zh: '充值订单不存在', en: 'Top-up order not found' },
  NOTHING_TO_REFUND: { status: 409, zh: '没有可退的余额', en: 'The card has no unused principal to refund' },
  REFUND_NOT_POSSIBLE: { status: 409, zh: '该卡余额无法原路退回，请联系客服', en: 'The balance cannot be returned to its original payments' },
  REFUND_NOT_FOUND: { status: 404, zh: '退卡记录不存在', en: 'Refund not found' },
  // the consumer confirmed another amount than the card would refund now (a sale in between): show the new quote
  REFUND_QUOTE_CHANGED: { status: 409, zh: '卡内余额已变化，请重新确认退卡金额', en: 'The card changed since the refund was quoted; confirm the new amount' },
  // no top-up of the card is inside its cooling-off period with nothing used since (docs/compliance.md)
  NOT_IN_COOLING_OFF: { status: 409, zh: '没有可在冷静期内全额退回的充值（已超过期限或已消费）', en: 'No top-up of this card is within its cooling-off period unused' },
  CHANNEL_UNAVAILABLE: { status: 503, zh: '支付渠道暂时不可用，请换一种支付方式', en: 'No payment channel is available right now' },
  CHANNEL_NOT_ENABLED: { status: 422, zh: '商户未开通该支付方式', en: 'The merchant has not enabled this payment channel' },

  // back office: freezes, staff edits, reports
  MERCHANT_FROZEN: { status: 409, zh: '商户已暂停服务，暂不能充值或消费', en: 'The merchant is frozen' },
  MERCHANT_CLOSING: { status: 409, zh: '商户已公告停业，不再办理充值和新卡；卡内余额可以继续消费或申请退卡', en: 'The merchant has announced its closing and takes no prepayments' },
  MERCHANT_CLOSED: { status: 409, zh: '商户已停业，这张卡不能再消费，卡内余额会原路退回', en: 'The merchant has closed; the card can no longer be used' },
  MERCHANT_CLOSING_ANNOUNCED: { status: 409, zh: '已经公告过停业；如需改期，请先撤回公告', en: 'A closing is already announced' },
  MERCHANT_CLOSING_NOT_FOUND: { status: 404, zh: '没有生效的停业公告', en: 'No closing is announced' },
  CARD_STATE_INVALID: { status: 409, zh: '会员卡当前状态不允许此操作', en: 'The card is not in a state that allows this' },
  STAFF_NOT_FOUND: { status: 404, zh: '员工不存在', en: 'Staff member not found' },
  OWNER_PROTECTED: { status: 409, zh: '不能停用商户负责人或更改其角色', en: 'The owner cannot be deactivated or given another role' },
  REPORT_RANGE_INVALID: { status: 422, zh: '查询日期范围无效，最长可查询366天', en: 'The report date range is invalid or longer than 366 days' },
  STAFF_DEACTIVATED: { status: 401, zh: '账号已停用，请联系店长', en: 'This staff account has been deactivated' },

  // reconciliation and settlement
  BUSINESS_DAY_NOT_STARTED: { status: 422, zh: '该营业日尚未开始', en: 'That business day has not started yet' },
  DIFFERENCE_ALREADY_RESOLVED: { status: 409, zh: '该差错已处理', en: 'The difference is already resolved' },
  DAY_NOT_RECONCILED: { status: 409, zh: '该日对账未完成或仍有未处理差错，需填写强制结算原因', en: 'The day is not reconciled; an override reason is required' },
  SETTLEMENT_RUNNING: { status: 409, zh: '该日结算正在进行中', en: 'A settlement run for that day is in progress' },
  STATEMENT_NOT_FOUND: { status: 404, zh: '结算单不存在', en: 'Settlement statement not found' },
  SETTLEMENT_RUN_NOT_FOUND: { status: 404, zh: '结算批次不存在', en: 'Settlement run not found' },
  PAYOUT_NOT_RETRYABLE: { status: 409, zh: '该结算单当前不可重新打款', en: 'The statement has no failed payout to retry' },

  // dependencies
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后再试', en: 'A dependency is unavailable' },
  // the database or Redis is down: retry after Retry-After; never reported as INTERNAL
  DEPENDENCY_UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后重试', en: 'A service the platform depends on is unavailable; retry shortly' },
  // an outside service cannot be reached or is failing (timeouts, 5xx): retry after Retry-After
  SMS_UNAVAILABLE: { status: 503, zh: '短信服务暂时不可用，请稍后再试或使用微信登录', en: 'The SMS service cannot be reached right now; retry shortly' },
  WECHAT_LOGIN_UNAVAILABLE: { status: 503, zh: '微信登录暂时不可用，请稍后再试或使用手机号登录', en: 'WeChat login cannot be reached right now; retry shortly' },
  // an outside service answered but refused (bad credentials, unapproved template): a configuration to fix
  UPSTREAM_ERROR: { status: 502, zh: '上游服务出错，请稍后再试', en: 'An upstream service failed' },
  INTERNAL: { status: 500, zh: '系统繁忙，请稍后再试', en: 'Internal error' },

  // webhooks (open platform)
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, zh: '推送地址不存在', en: 'Webhook endpoint not found' },
  WEBHOOK_URL_NOT_ALLOWED: { status: 422, zh: '推送地址不可用：请填写公网可访问的 https 地址', en: 'The webhook URL must be a public https address' },
  WEBHOOK_MESSAGE_NOT_FOUND: { status: 404, zh: '推送消息不存在', en: 'Webhook message not found' },
  WEBHOOK_ENDPOINT_DISABLED: { status: 409, zh: '推送地址已停用', en: 'The webhook endpoint is disabled' },

  // merchant API keys
  API_KEY_NOT_FOUND: { status: 404, zh: 'API 密钥不存在', en: 'API key not found' },
  API_KEY_REVOKED: { status: 401, zh: 'API 密钥已作废，请使用新的密钥', en: 'The API key has been revoked' },
  API_KEY_SCOPE_MISSING: { status: 403, zh: 'API 密钥没有此项权限', en: 'The API key does not have the scope this request needs' },

  // marketing: coupons
  COUPON_TEMPLATE_NOT_FOUND: { status: 404, zh: '优惠券不存在', en: 'Coupon template not found' },
  COUPON_TEMPLATE_STOPPED: { status: 409, zh: '该优惠券已停止发放', en: 'The coupon is no longer issued' },
  COUPON_TEMPLATE_ENDED: { status: 409, zh: '该优惠券已过有效期，不能再发放', en: 'The coupon\'s validity has ended; it can no longer be issued' },
  COUPON_SOLD_OUT: { status: 409, zh: '优惠券已发完', en: 'Every coupon of this template has been issued' },
  COUPON_LIMIT_REACHED: { status: 409, zh: '已达到每人限领张数', en: 'This consumer already holds as many of this coupon as allowed' },
  COUPON_ALREADY_CLAIMED: { status: 409, zh: '您已领过这张券', en: 'You have already claimed this coupon' },
  COUPON_CLAIM_INVALID: { status: 422, zh: '领券链接无效，请向商家重新索取', en: 'The coupon claim link is invalid' },
  // top-up campaigns (充值活动)
  CAMPAIGN_NOT_FOUND: { status: 404, zh: '充值活动不存在', en: 'Campaign not found' },
  CAMPAIGN_ENDED: { status: 409, zh: '该充值活动已结束，不能再修改', en: 'The campaign has ended; it can no longer be changed' },
  CAMPAIGN_NOT_RUNNING: { status: 409, zh: '该充值活动未在进行中，不能暂停', en: 'Only a running campaign can be paused' },
  CAMPAIGN_NOT_PAUSED: { status: 409, zh: '该充值活动未暂停', en: 'Only a paused campaign can be resumed' },
  MEMBER_NOT_FOUND: { status: 404, zh: '未找到该会员，请核对手机号或卡号', en: 'No member of this merchant has that phone or card number' },
  POINTS_ITEM_NOT_FOUND: { status: 404, zh: '积分商品不存在', en: 'Points mall item not found' },
  POINTS_ITEM_STOPPED: { status: 409, zh: '该积分商品已下架', en: 'The points mall item is no longer offered' },
  POINTS_ITEM_SOLD_OUT: { status: 409, zh: '该积分商品已兑完', en: 'The points mall item is out of stock' },
  POINTS_INSUFFICIENT: { status: 409, zh: '积分不足，无法兑换', en: 'The card does not hold enough points' },
  COUPON_NOT_FOUND: { status: 404, zh: '优惠券不存在', en: 'Coupon not found' },
  COUPON_NOT_USABLE: { status: 409, zh: '该优惠券不能用于本次消费', en: 'The coupon cannot be used for this sale' },
  COUPON_USED: { status: 409, zh: '优惠券已被使用', en: 'The coupon has already been used' },

  // risk control
  RISK_BLOCKED: { status: 403, zh: '为保障您的资金安全，本次操作暂时无法完成。如有疑问请联系客服', en: 'A risk rule refused this operation' },
  RISK_HELD: { status: 409, zh: '本次操作需要人工审核，审核通过前暂不能进行，请稍后再试或联系客服', en: 'A risk rule holds this operation for review' },
  RISK_RULE_NOT_FOUND: { status: 404, zh: '风控规则不存在', en: 'Risk rule not found' },
  RISK_RULE_CHANGED: { status: 409, zh: '该规则刚被其他人修改过，请刷新后再改', en: 'The rule has a newer version; refresh and edit again' },
  RISK_CASE_NOT_FOUND: { status: 404, zh: '风控案件不存在', en: 'Risk case not found' },
  RISK_SCAN_NOT_FOUND: { status: 404, zh: '该营业日还没有扫描过', en: 'That business day has not been scanned' },
  RISK_CASE_DECIDED: { status: 409, zh: '该案件已处理完毕，不能再更改', en: 'The risk case has already been decided' },
  CARD_REPORTED_LOST: { status: 409, zh: '此会员卡已挂失，不能使用，请持卡人在小程序解挂或补卡', en: 'The card has been reported lost' },
  ANONYMOUS_CARD_CANNOT_BE_LOST: { status: 409, zh: '不记名卡无法挂失，请妥善保管', en: 'An anonymous card cannot be reported lost' },
  CARD_NOT_LOST: { status: 409, zh: '此会员卡未挂失', en: 'The card is not reported lost' },
  // expiry (docs/compliance.md §7): an expired card keeps its balance until the holder reactivates or replaces it
  CARD_NOT_EXPIRED: { status: 409, zh: '此会员卡尚未过期，无需重新激活或换卡', en: 'The card has not expired' },
  // contracts (docs/compliance.md §8)
  TERMS_VOID_CLAUSE: { status: 422, zh: '章程中含有依法无效的条款，请修改后再保存', en: 'The terms carry a clause that is void under the law' },
  TERMS_NOT_ACCEPTED: { status: 409, zh: '请先阅读并同意本卡最新的《预付卡章程 / 充值协议》', en: 'The card terms in force have not been accepted' },
  LOSS_CODE_INVALID: { status: 422, zh: '验证码错误或已过期，请重新获取', en: 'The SMS code is wrong or expired' },
  LOSS_PHONE_MISSING: { status: 409, zh: '您的账号未绑定手机号，无法通过短信验证，请联系商户客服', en: 'No phone is bound to this account' },
  // 实名 (docs/compliance.md §6)
  REAL_NAME_REQUIRED: { status: 409, zh: '记名卡充值前需要先完成实名认证', en: 'A named card is topped up only after the holder\'s real-name verification' },
  REAL_NAME_REQUIRED_FOR_AMOUNT: { status: 409, zh: '单笔或当日累计购卡金额达到 1 万元，需要先完成实名认证', en: 'A purchase at or above the real-name threshold needs real-name verification first' },
  REAL_NAME_ID_INVALID: { status: 422, zh: '身份证号码有误，请核对后重新输入', en: 'The resident ID number is not valid (GB 11643 check digit)' },
  REAL_NAME_MISMATCH: { status: 422, zh: '姓名与身份证号码不一致，请核对后重试', en: 'The name and the resident ID number do not match' },
  REAL_NAME_ALREADY_VERIFIED: { status: 409, zh: '您已完成实名认证，如需更改请联系客服', en: 'This account is already verified with another identity' },
  // the identity-verification service timed out or failed: nothing was recorded, retry after Retry-After
  REAL_NAME_UNAVAILABLE: { status: 503, zh: '实名认证服务暂时不可用，请稍后重试', en: 'The identity-verification service cannot be reached right now; retry shortly' },
  // 转赠 (docs/compliance.md): a one-time share link, claimed once, cancellable by the giver until then
  GIFT_TOKEN_INVALID: { status: 404, zh: '转赠链接无效，请向好友确认', en: 'The gift link is not valid' },
  GIFT_EXPIRED: { status: 410, zh: '转赠链接已过期，请好友重新转赠', en: 'The gift link has expired' },
  GIFT_ALREADY_CLAIMED: { status: 409, zh: '这张会员卡已被领取', en: 'The gift has already been claimed' },
  GIFT_CANCELLED: { status: 409, zh: '好友已取消这次转赠', en: 'The giver cancelled the gift' },
  GIFT_NOT_PENDING: { status: 409, zh: '这次转赠已被领取、取消或已过期', en: 'The gift is no longer pending' },
  GIFT_ALREADY_PENDING: { status: 409, zh: '这张卡已有一笔待领取的转赠，请先取消', en: 'The card already has a pending gift' },
  GIFT_OWN_CARD: { status: 409, zh: '不能领取自己转赠的会员卡', en: 'The giver cannot claim their own gift' },
  GIFT_RECIPIENT_HAS_CARD: { status: 409, zh: '您已持有这家商户的同款会员卡，暂不能领取', en: 'The recipient already holds a card of this product' },
  GIFT_NOT_ALLOWED: { status: 409, zh: '这张会员卡当前不能转赠', en: 'This card cannot be given now' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

/** The one envelope every failing response has. */
export interface ErrorEnvelope {
  statusCode: number;
  code: ErrorCode;
  message: string;
  messageZh: string;
  /** Per-field messages for VALIDATION_FAILED. */
  errors?: Record<string, string[]>;
  /** The same fields' messages in Chinese, for a form to show beside each field (every key of `errors` has one). */
  errorsZh?: Record<string, string[]>;
  requestId?: string;
}
