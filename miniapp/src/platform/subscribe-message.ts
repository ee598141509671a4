import Taro from '@tarojs/taro'
import { IS_H5 } from './env'

/** What the consumer answered in WeChat's 订阅消息 dialog; H5 has no such dialog (it then gets SMS). */
export type SubscribeAnswer = { kind: 'answered'; accepted: string[] } | { kind: 'unavailable'; reason: string }

/** Whether this build can ask for subscribe messages at all. */
export const CAN_SUBSCRIBE = !IS_H5

/**
 * weapp: wx.requestSubscribeMessage for up to three one-time templates; each "accept" lets one receipt through.
 * WeChat opens the dialog only right after a tap or a payment callback, so call this from a tap handler.
 */
export async function requestSubscriptions(templateIds: string[]): Promise<SubscribeAnswer> {
  if (!CAN_SUBSCRIBE) return { kind: 'unavailable', reason: 'H5 has no subscribe messages' }
  if (templateIds.length === 0) return { kind: 'unavailable', reason: 'no template configured' }
  try {
    const result = (await Taro.requestSubscribeMessage({ tmplIds: templateIds.slice(0, 3), entityIds: [] })) as unknown as Record<string, unknown>
    return { kind: 'answered', accepted: templateIds.filter((id) => result[id] === 'accept') }
  } catch (error) {
    // 20004: the consumer turned subscribe messages off in settings; others: an old client, no tap before the call
    return { kind: 'unavailable', reason: (error as { errMsg?: string })?.errMsg ?? String(error) }
  }
}
