export default definePageConfig({
  navigationBarTitleText: '我的券',
  enablePullDownRefresh: true
})
