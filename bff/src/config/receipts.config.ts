import { IsIn } from 'class-validator';
import { FilesConfig } from './files.config';
import { Int, OptionalString, OptionalUrl } from './setting-decorators';

/** Receipts to consumers (docs/receipts.md): the job's pace and the WeChat subscribe-message templates. */
export class ReceiptsConfig extends FilesConfig {
  /** How often the receipts job reads new outbox messages and sends what is due; 0 = off (nothing is sent). */
  @Int(0)
  RECEIPT_DELIVERY_INTERVAL_MS = 1_000;

  /** WeChat's server API root for access_token and subscribeMessage.send (real: https://api.weixin.qq.com); empty = WECHAT_LOGIN_BASE_URL. */
  @OptionalUrl()
  WECHAT_API_BASE_URL?: string;

  /** The 充值成功提醒 template (subscribe-message template id from the mini-program's console); unset = top-ups get SMS only. */
  @OptionalString()
  WECHAT_RECEIPT_TEMPLATE_TOPUP?: string;

  /** The 余额变动提醒 template for a sale and its reversal; unset = those get SMS only. */
  @OptionalString()
  WECHAT_RECEIPT_TEMPLATE_BALANCE?: string;

  /** Which build a receipt's link opens: formal (released), trial or developer. */
  @IsIn(['formal', 'trial', 'developer'])
  WECHAT_MINIPROGRAM_STATE: 'formal' | 'trial' | 'developer' = 'formal';

  /** The approved Tencent Cloud SMS template for receipts ({1} kind, {2} amount, {3} store, {4} time, {5} balance). */
  @OptionalString()
  TENCENT_SMS_RECEIPT_TEMPLATE_ID?: string;
}
