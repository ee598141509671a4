export default definePageConfig({
  navigationBarTitleText: '聚卡收银台',
  enablePullDownRefresh: true
})
