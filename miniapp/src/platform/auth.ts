import Taro from '@tarojs/taro'

/** weapp: a one-time code from `wx.login` for the BFF to exchange with WeChat. H5 has none. */
export async function wechatLoginCode(): Promise<{ kind: 'code'; code: string } | { kind: 'failed'; detail: string }> {
  if (process.env.TARO_ENV === 'h5') return { kind: 'failed', detail: 'wx.login is only available in the mini-program' }
  try {
    const { code } = await Taro.login()
    return code ? { kind: 'code', code } : { kind: 'failed', detail: 'wx.login returned no code' }
  } catch (error) {
    return { kind: 'failed', detail: (error as { errMsg?: string })?.errMsg ?? String(error) }
  }
}
