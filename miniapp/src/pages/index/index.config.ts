export default definePageConfig({
  navigationBarTitleText: '聚卡',
  enablePullDownRefresh: true
})
