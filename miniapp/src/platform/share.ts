/**
 * The link a friend opens for a page of this app: in the browser (H5, hash router) the page's full address; in the
 * mini-program the page path itself, which the share card (转发) carries.
 */
export function shareLinkOf(pagePath: string): string {
  if (process.env.TARO_ENV !== 'h5') return pagePath
  return `${window.location.origin}${window.location.pathname}#${pagePath}`
}
