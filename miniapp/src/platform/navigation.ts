import Taro from '@tarojs/taro'

/** Page paths start with "/" and name the page file, e.g. "/pages-merchant/redeem/index". */

/** Replaces the current page (no way back), e.g. login → till. */
export async function replacePage(url: string): Promise<void> {
  await Taro.redirectTo({ url })
}

/** Closes every page and opens `url`: used when the session ends. */
export async function restartAt(url: string): Promise<void> {
  await Taro.reLaunch({ url })
}

/** Opens `url` on top of the current page (back returns here). */
export async function openPage(url: string): Promise<void> {
  await Taro.navigateTo({ url })
}

/** Back to the previous page; with no page behind (a deep link), to `fallback` instead. */
export async function goBack(fallback: string): Promise<void> {
  if (Taro.getCurrentPages().length > 1) await Taro.navigateBack()
  else await Taro.reLaunch({ url: fallback })
}
