export default definePageConfig({
  navigationBarTitleText: '登录聚卡'
})
