import { useEffect } from 'react'
import Taro from '@tarojs/taro'

/**
 * weapp: full brightness and no screen lock while a code is shown, so a scanner reads it first time;
 * the person's own brightness comes back when the page closes. H5 has no brightness API: nothing happens.
 */
export function useBrightScreen(): void {
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') return
    let previous: number | null = null
    let left = false
    void (async () => {
      try {
        previous = (await Taro.getScreenBrightness()).value
        if (left) return
        await Taro.setScreenBrightness({ value: 1 })
        await Taro.setKeepScreenOn({ keepScreenOn: true })
      } catch {
        // a phone that refuses brightness control still shows the code
      }
    })()
    return () => {
      left = true
      if (previous !== null) void Taro.setScreenBrightness({ value: previous }).catch(() => undefined)
      void Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined)
    }
  }, [])
}

/** weapp: runs `onScreenshot` when the person takes a screenshot (a captured code must not stay usable). */
export function useScreenshotListener(onScreenshot: () => void): void {
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') return
    const listener = () => onScreenshot()
    Taro.onUserCaptureScreen(listener)
    return () => Taro.offUserCaptureScreen(listener)
  }, [onScreenshot])
}
