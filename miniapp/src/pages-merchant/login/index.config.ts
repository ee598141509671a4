export default definePageConfig({
  navigationBarTitleText: '聚卡商户登录'
})
