/** Pages of the operator console package (H5 only, see app.config.ts subPackages). */
export const OPS_LOGIN_PAGE = '/pages-ops/login/index'
export const OPS_MERCHANTS_PAGE = '/pages-ops/merchants/index'
export const OPS_DAY_CLOSE_PAGE = '/pages-ops/day-close/index'
export const OPS_FREEZE_PAGE = '/pages-ops/freeze/index'
export const OPS_RISK_PAGE = '/pages-ops/risk/index'
export const OPS_REPORTS_PAGE = '/pages-ops/reports/index'
