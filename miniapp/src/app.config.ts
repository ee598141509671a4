export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/claim/index',
    'pages/card/index',
    'pages/member-code/index',
    'pages/topup/index',
    'pages/topup-result/index',
    'pages/history/index'
  ],
  subPackages: [
    {
      // the merchant till: staff sign-in and scan-to-redeem, downloaded only by staff who open it
      root: 'pages-merchant',
      pages: ['login/index', 'redeem/index']
    }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '聚卡',
    navigationBarTextStyle: 'black'
  }
})
