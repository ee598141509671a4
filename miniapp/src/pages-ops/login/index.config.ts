export default definePageConfig({
  navigationBarTitleText: '聚卡运营后台 · 登录'
})
