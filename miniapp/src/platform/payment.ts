import Taro from '@tarojs/taro'
import { PAYMENT_CHANNELS, type PaymentChannelName } from '@jucard/shared'

/**
 * The channels this build can pay with. Inside WeChat only WeChat Pay's own sheet exists: Alipay and UnionPay
 * end in 暂时无法发起支付 (and offering them is a review risk), so the weapp build offers WeChat Pay alone.
 */
export const PAYABLE_CHANNELS: readonly PaymentChannelName[] = process.env.TARO_ENV === 'weapp' ? ['WECHATPAY'] : PAYMENT_CHANNELS

export type PayOutcome = { kind: 'submitted' } | { kind: 'cancelled' } | { kind: 'failed'; detail: string }

/**
 * weapp: WeChat Pay's own sheet with the parameters the BFF prepared. `submitted` only means the sheet closed
 * after paying; the credit is confirmed by the server (the result page asks it), never by this callback.
 */
export async function requestMiniProgramPayment(params: Record<string, string>): Promise<PayOutcome> {
  try {
    await Taro.requestPayment({
      timeStamp: params.timeStamp ?? '',
      nonceStr: params.nonceStr ?? '',
      package: params.package ?? '',
      signType: (params.signType ?? 'RSA') as 'RSA',
      paySign: params.paySign ?? ''
    })
    return { kind: 'submitted' }
  } catch (error) {
    const detail = (error as { errMsg?: string })?.errMsg ?? String(error)
    return /cancel/i.test(detail) ? { kind: 'cancelled' } : { kind: 'failed', detail }
  }
}

/** H5: leaves the app for the channel's pay page, which sends the browser back to the result page. */
export function goToCashier(cashierUrl: string): void {
  if (process.env.TARO_ENV === 'h5') window.location.href = cashierUrl
}
