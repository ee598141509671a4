/**
 * Build-time facts about where the app runs. `process.env.TARO_ENV` is replaced by a literal at build time,
 * so branches on it are removed from the other platform's bundle.
 */
export const IS_H5 = process.env.TARO_ENV === 'h5'

/** Short tag of the client in merchant order numbers, so support can tell an H5 till from the mini-program. */
export const CLIENT_TAG = IS_H5 ? 'H5' : 'WX'
