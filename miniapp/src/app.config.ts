export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/claim/index',
    'pages/card/index',
    'pages/member-code/index',
    'pages/topup/index',
    'pages/topup-result/index',
    'pages/history/index',
    'pages/receipt/index',
    'pages/account/index',
    'pages/coupons/index',
    'pages/coupon/index',
    'pages/points-mall/index',
    'pages/real-name/index',
    'pages/gift-claim/index'
  ],
  subPackages: [
    {
      // the merchant till: staff sign-in and scan-to-redeem, downloaded only by staff who open it
      root: 'pages-merchant',
      pages: ['login/index', 'redeem/index']
    },
    // The merchant back office and the operator console are desk work in a browser (tables, charts drawn by
    // chart.js on a DOM canvas, CSV downloads): H5 only. Left out of the weapp build, their pages and the
    // features/ code only they import are never compiled into the mini-program.
    ...(process.env.TARO_ENV === 'h5'
      ? [
          {
            root: 'pages-admin',
            pages: ['dashboard/index', 'products/index', 'product/index', 'stores/index', 'statements/index', 'statement/index', 'reports/index', 'signup/index', 'kyc/index', 'developer/index', 'coupons/index', 'points-mall/index', 'member-levels/index', 'campaigns/index', 'risk-holds/index']
          },
          { root: 'pages-ops', pages: ['login/index', 'merchants/index', 'day-close/index', 'freeze/index', 'risk/index', 'reports/index'] }
        ]
      : [])
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '聚卡',
    navigationBarTextStyle: 'black'
  }
})
