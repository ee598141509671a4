import Taro from '@tarojs/taro'

/**
 * Key-value storage on the device (wx storage on weapp, localStorage on h5).
 * src/platform/ is the only place that touches Taro/wx APIs; features import from here.
 */

/** The stored value for `key`, or null when nothing is stored under it. */
export async function getItem<T>(key: string): Promise<T | null> {
  try {
    const result = await Taro.getStorage<T>({ key })
    return result.data
  } catch {
    // Taro rejects with "getStorage:fail data not found" for a missing key
    return null
  }
}

export async function setItem<T>(key: string, value: T): Promise<void> {
  await Taro.setStorage({ key, data: value })
}

export async function removeItem(key: string): Promise<void> {
  await Taro.removeStorage({ key })
}
