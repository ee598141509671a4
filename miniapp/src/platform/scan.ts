import Taro from '@tarojs/taro'

/**
 * Reads a QR code or barcode with the device camera.
 * - weapp: WeChat's own scanner (`wx.scanCode`).
 * - H5: a full-screen camera overlay that decodes frames with jsQR (loaded on demand, so it stays out of
 *   the main bundle and out of the mini-program entirely).
 */
export type ScanOutcome =
  | { kind: 'scanned'; text: string }
  | { kind: 'cancelled' }
  /** denied: the person or the browser refused the camera; unavailable: no camera or no secure context. */
  | { kind: 'failed'; reason: 'denied' | 'unavailable' | 'error'; detail: string }

export async function scanCode(): Promise<ScanOutcome> {
  if (process.env.TARO_ENV === 'h5') {
    const { scanWithCamera } = await import('./h5/camera-scanner')
    return scanWithCamera()
  }
  try {
    const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
    return { kind: 'scanned', text: result.result }
  } catch (error) {
    const detail = (error as { errMsg?: string })?.errMsg ?? String(error)
    if (/cancel/i.test(detail)) return { kind: 'cancelled' }
    if (/auth|deny|denied/i.test(detail)) return { kind: 'failed', reason: 'denied', detail }
    return { kind: 'failed', reason: 'error', detail }
  }
}
